-- docs/decisions.md (capacity): what a run's alerts continue from: the model's own published rows
-- before $from (newest run per key), for each asset from its last row without an alert at or
-- before the run's first midnight on. That holds every episode still open at midnight from its
-- start, and so every new alert the first day already had. Assets are numbered as the run's
-- dataset numbers them; assets only in the earlier rows come after those.
WITH run_assets AS (
  SELECT machine_id, (row_number() OVER (ORDER BY machine_id) - 1)::INTEGER AS asset
  FROM (SELECT DISTINCT machine_id FROM gold_features WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP)
),
earlier AS (
  SELECT machine_id, ts, risk, alert FROM results
  WHERE model_name = $model_name AND ts < $from::TIMESTAMP AND alert IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY machine_id, ts ORDER BY run_id DESC) = 1
),
quiet AS (
  SELECT machine_id, max(ts) FILTER (WHERE NOT alert AND ts <= $day_start::TIMESTAMP) AS last_quiet FROM earlier GROUP BY machine_id
),
picked AS (
  SELECT e.* FROM earlier e JOIN quiet q USING (machine_id)
  WHERE q.last_quiet IS NULL OR e.ts >= q.last_quiet
),
others AS (
  SELECT machine_id, ((SELECT count(*) FROM run_assets) + row_number() OVER (ORDER BY machine_id) - 1)::INTEGER AS asset
  FROM (SELECT DISTINCT machine_id FROM picked WHERE machine_id NOT IN (SELECT machine_id FROM run_assets))
)
SELECT coalesce(r.asset, o.asset) AS asset, epoch_ms(p.ts)::DOUBLE AS ts_ms, p.risk, p.alert
FROM picked p LEFT JOIN run_assets r USING (machine_id) LEFT JOIN others o USING (machine_id)
ORDER BY asset, p.ts;
