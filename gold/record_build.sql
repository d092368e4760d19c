-- gold_builds is small and rewritten whole: earlier builds plus this one.
COPY (
  SELECT * FROM gold_builds
  UNION ALL
  SELECT $build_id::BIGINT, $from::TIMESTAMP, $to::TIMESTAMP, $step_hours::INTEGER, $windows_hours::VARCHAR,
         $horizon_hours::INTEGER, $label_cutoff::TIMESTAMP, $row_count::BIGINT, $input_rows::BIGINT,
         $input_fingerprint::VARCHAR, $silver_build_id::BIGINT, $months::VARCHAR,
         $started_at::TIMESTAMP, $finished_at::TIMESTAMP, $duration_s::DOUBLE
  ORDER BY build_id
) TO $out (FORMAT parquet);
