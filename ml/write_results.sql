COPY (
  SELECT $run_id::BIGINT AS run_id, machine_id, make_timestamp(ts_ms * 1000) AS ts,
         $model_name::VARCHAR AS model_name, $model_version::INTEGER AS model_version,
         p_none, p_comp1, p_comp2, p_comp3, p_comp4, predicted, $scored_at::TIMESTAMP AS scored_at
  FROM predictions
  ORDER BY machine_id, ts
) TO $out (FORMAT parquet, COMPRESSION zstd);
SELECT count(*) AS row_count, max(make_timestamp(ts_ms * 1000)) AS watermark FROM predictions;
