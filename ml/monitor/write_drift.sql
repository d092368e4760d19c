COPY (
  SELECT $run_id::BIGINT AS run_id, $model_name::VARCHAR AS model_name, $model_version::INTEGER AS model_version,
         make_timestamp(day_ms * 1000) AS day_start, group_column, group_value, feature, kind,
         row_count, missing_count, bin_counts::BIGINT[] AS bin_counts,
         psi, js, missing_share, reference_missing_share, level
  FROM drift_rows
  ORDER BY day_start, group_column NULLS FIRST, group_value, feature
) TO $out (FORMAT parquet, COMPRESSION zstd);
