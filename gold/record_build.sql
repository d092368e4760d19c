-- gold_builds is small and rewritten whole: earlier builds plus this one. BY NAME: builds
-- recorded before a column was added read it as NULL.
COPY (
  SELECT * FROM gold_builds
  UNION ALL BY NAME
  SELECT $build_id::BIGINT AS build_id, $from::TIMESTAMP AS from_ts, $to::TIMESTAMP AS to_ts,
         $step_hours::DOUBLE AS step_hours, $windows_hours::VARCHAR AS windows_hours, $horizon_hours::DOUBLE AS horizon_hours,
         $label_cutoff::TIMESTAMP AS label_cutoff, $row_count::BIGINT AS row_count, $input_rows::BIGINT AS input_rows,
         $input_fingerprint::VARCHAR AS input_fingerprint, $silver_build_id::BIGINT AS silver_build_id, $months::VARCHAR AS months,
         $started_at::TIMESTAMP AS started_at, $finished_at::TIMESTAMP AS finished_at, $duration_s::DOUBLE AS duration_s,
         $features::VARCHAR AS features, $fleet_hash::VARCHAR AS fleet_hash, $fleet_definition::VARCHAR AS fleet_definition
  ORDER BY build_id
) TO $out (FORMAT parquet);
