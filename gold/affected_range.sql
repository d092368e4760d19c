-- Silver rows that arrived after the loads the last gold build saw: their earliest timestamp
-- bounds what gold must rebuild (features from there on, labels from one horizon before).
WITH seen AS (
  SELECT coalesce(max(s.last_load_id), 0) AS load_id
  FROM silver_builds s
  WHERE s.build_id = (SELECT silver_build_id FROM gold_builds ORDER BY build_id DESC LIMIT 1)
),
fresh AS (
  SELECT ts FROM silver_telemetry WHERE _load_id > (SELECT load_id FROM seen)
  UNION ALL SELECT ts FROM silver_errors WHERE _load_id > (SELECT load_id FROM seen)
  UNION ALL SELECT ts FROM silver_maint WHERE _load_id > (SELECT load_id FROM seen)
  UNION ALL SELECT ts FROM silver_failures WHERE _load_id > (SELECT load_id FROM seen)
)
SELECT
  (SELECT count(*) FROM gold_builds) AS gold_builds,
  (SELECT min(ts) FROM fresh) AS first_new_ts,
  (SELECT count(*) FROM silver_machines WHERE $asset_table AND _load_id > (SELECT load_id FROM seen)) AS new_machines;
