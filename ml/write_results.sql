COPY (
  SELECT $run_id::BIGINT AS run_id, k.machine_id, k.ts,
         $model_name::VARCHAR AS model_name, $model_version::INTEGER AS model_version,
         {{probabilities}}, p.predicted, p.risk, p.alert, p.diagnosis, $scored_at::TIMESTAMP AS scored_at
  FROM predictions p JOIN scoring_keys k USING (r)
  ORDER BY k.machine_id, k.ts
) TO $out (FORMAT parquet, COMPRESSION zstd);
-- and, for the run's summary, how many assets it alerted at least once
SELECT count(*) AS row_count, max(k.ts) AS watermark, count(DISTINCT k.machine_id) FILTER (WHERE p.alert) AS assets_alerted
FROM predictions p JOIN scoring_keys k USING (r);
