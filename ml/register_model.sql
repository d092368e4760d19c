-- The models table is small and rewritten whole: earlier versions plus this one.
COPY (
  SELECT * FROM models
  UNION ALL
  SELECT $name::VARCHAR, $version::INTEGER, ''::VARCHAR, $created_at::TIMESTAMP,
         $train_from::TIMESTAMP, $train_to::TIMESTAMP, $test_to::TIMESTAMP, $gold_fingerprint::VARCHAR,
         $feature_params::VARCHAR, $forest_params::VARCHAR, $features::VARCHAR,
         $macro_f1::DOUBLE, $accuracy::DOUBLE, $metrics::VARCHAR, $rows_trained::BIGINT,
         $training_seconds::DOUBLE, $artifact_path::VARCHAR
  ORDER BY name, version
) TO $out (FORMAT parquet);
