-- docs/monitoring.md (realised performance): every model version with published results, its
-- registry entry (its files and alert rule) and the label cutoff its predictions were judged up to.
WITH scored AS (
  SELECT DISTINCT model_name, model_version FROM score_runs WHERE status = 'succeeded'
),
judged AS (
  SELECT model_name, model_version, max(matured_to) AS matured_to FROM monitor_performance GROUP BY model_name, model_version
)
SELECT s.model_name, s.model_version, m.artifact_path, m.alert_rule, j.matured_to
FROM scored s
JOIN models m ON m.name = s.model_name AND m.version = s.model_version
LEFT JOIN judged j ON j.model_name = s.model_name AND j.model_version = s.model_version
ORDER BY s.model_name, s.model_version;
