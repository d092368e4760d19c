-- docs/decisions.md (the planner's view): by one model version's results (newest run per row),
-- the assets in alert at their latest scored time (before $before, when given), since when they
-- have been, their diagnosis and how their risk moved over the last day and week.
WITH scored AS (
  SELECT machine_id, ts, risk, alert, diagnosis, model_name, model_version FROM results
  WHERE model_name = $model_name AND model_version = $model_version
    AND alert IS NOT NULL AND ($before::TIMESTAMP IS NULL OR ts < $before::TIMESTAMP)
  QUALIFY row_number() OVER (PARTITION BY machine_id, ts ORDER BY run_id DESC) = 1
),
latest AS (
  SELECT * FROM scored QUALIFY row_number() OVER (PARTITION BY machine_id ORDER BY ts DESC) = 1
),
in_alert AS (SELECT * FROM latest WHERE alert),
last_quiet AS (
  SELECT s.machine_id, max(s.ts) AS ts FROM scored s JOIN in_alert USING (machine_id) WHERE NOT s.alert GROUP BY s.machine_id
),
since AS (
  SELECT s.machine_id, min(s.ts) AS since
  FROM scored s JOIN in_alert USING (machine_id) LEFT JOIN last_quiet q USING (machine_id)
  WHERE q.ts IS NULL OR s.ts > q.ts
  GROUP BY s.machine_id
)
SELECT a.machine_id, a.ts AS scored_at, since.since, a.diagnosis, a.risk,
       day_ago.risk AS risk_day_before, week_ago.risk AS risk_week_before,
       a.model_name || '@' || a.model_version AS model
FROM in_alert a
JOIN since USING (machine_id)
ASOF LEFT JOIN scored day_ago ON a.machine_id = day_ago.machine_id AND day_ago.ts <= a.ts - INTERVAL 1 DAY
ASOF LEFT JOIN scored week_ago ON a.machine_id = week_ago.machine_id AND week_ago.ts <= a.ts - INTERVAL 7 DAY
ORDER BY a.risk DESC, a.machine_id;
