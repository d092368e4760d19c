-- The models table is small and rewritten whole: earlier versions plus this one. BY NAME: versions
-- registered before a column was added read it as NULL.
COPY (
  SELECT * FROM models
  UNION ALL BY NAME
  SELECT $name::VARCHAR AS name, $version::INTEGER AS version, ''::VARCHAR AS aliases, $created_at::TIMESTAMP AS created_at,
         $train_from::TIMESTAMP AS train_from, $train_to::TIMESTAMP AS train_to, $test_to::TIMESTAMP AS test_to,
         $gold_fingerprint::VARCHAR AS gold_fingerprint, $feature_params::VARCHAR AS feature_params,
         $forest_params::VARCHAR AS forest_params, $features::VARCHAR AS features,
         $macro_f1::DOUBLE AS macro_f1, $accuracy::DOUBLE AS accuracy, $metrics::VARCHAR AS metrics, $rows_trained::BIGINT AS rows_trained,
         $training_seconds::DOUBLE AS training_seconds, $artifact_path::VARCHAR AS artifact_path, $fleet_hash::VARCHAR AS fleet_hash,
         $alert_rule::VARCHAR AS alert_rule, $alert_threshold::DOUBLE AS alert_threshold
  ORDER BY name, version
) TO $out (FORMAT parquet);
