-- Replaces one version's alert rule; the models table is small and rewritten whole.
COPY (
  SELECT * REPLACE (
    CASE WHEN name = $name AND version = $version THEN $alert_rule::VARCHAR ELSE alert_rule END AS alert_rule,
    CASE WHEN name = $name AND version = $version THEN $alert_threshold::DOUBLE ELSE alert_threshold END AS alert_threshold)
  FROM models
  ORDER BY name, version
) TO $out (FORMAT parquet);
