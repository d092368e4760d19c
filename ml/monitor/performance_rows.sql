-- docs/monitoring.md (realised performance): one model version's predictions (the newest run's row
-- per asset and ts) whose horizon passed in this night's window, ts in ($after, $through], with the
-- time of the failure each leads to within its horizon (gold_failure_times, gold/label_rule.sql).
-- In (asset, ts) order; the asset as text, the key the open events are kept by.
WITH predictions AS (
  SELECT machine_id, ts, coalesce(risk, {{risk}}) AS risk, coalesce(alert, false) AS alert
  FROM results
  WHERE model_name = $model_name AND model_version = $model_version
    AND ($after::TIMESTAMP IS NULL OR ts > $after::TIMESTAMP) AND ts <= $through::TIMESTAMP
  QUALIFY row_number() OVER (PARTITION BY machine_id, ts ORDER BY run_id DESC) = 1
)
SELECT p.machine_id::VARCHAR AS asset_key, epoch_ms(p.ts)::DOUBLE AS ts_ms, p.risk, p.alert,
  CASE WHEN f.ts <= p.ts + to_seconds($horizon_s::BIGINT) THEN epoch_ms(f.ts)::DOUBLE END AS failure_ms
FROM predictions p
ASOF LEFT JOIN gold_failure_times f ON p.machine_id = f.machine_id AND f.ts > p.ts
ORDER BY p.machine_id, p.ts;
