-- score_runs is small and rewritten whole: every other run as it was, this one as it is now.
COPY (
  SELECT * FROM score_runs WHERE run_id <> $run_id
  UNION ALL
  SELECT $run_id::BIGINT, $model_name::VARCHAR, $model_version::INTEGER, $mode::VARCHAR,
         $range_from::TIMESTAMP, $range_to::TIMESTAMP, $row_count::BIGINT, $watermark::TIMESTAMP,
         $status::VARCHAR, $started_at::TIMESTAMP, $finished_at::TIMESTAMP, $error::VARCHAR
  ORDER BY run_id
) TO $out (FORMAT parquet);
