-- docs/decisions.md (capacity): what a run's alerts continue from. For each asset, the published
-- rows since its last row without an alert (an open episode's rows), and every row of the run's
-- first day (the new alerts that day already had), before $from. Assets are numbered as the run's
-- dataset numbers them; assets only in the earlier rows come after those.
WITH run_assets AS (
  SELECT machine_id, (row_number() OVER (ORDER BY machine_id) - 1)::INTEGER AS asset
  FROM (SELECT DISTINCT machine_id FROM gold_features WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP)
),
earlier AS (
  SELECT machine_id, ts, risk, alert FROM results_latest WHERE ts < $from::TIMESTAMP AND alert IS NOT NULL
),
quiet AS (
  SELECT machine_id, max(ts) FILTER (WHERE NOT alert) AS last_quiet FROM earlier GROUP BY machine_id
),
picked AS (
  SELECT e.* FROM earlier e JOIN quiet q USING (machine_id)
  WHERE q.last_quiet IS NULL OR e.ts >= q.last_quiet OR e.ts >= $day_start::TIMESTAMP
),
others AS (
  SELECT machine_id, ((SELECT count(*) FROM run_assets) + row_number() OVER (ORDER BY machine_id) - 1)::INTEGER AS asset
  FROM (SELECT DISTINCT machine_id FROM picked WHERE machine_id NOT IN (SELECT machine_id FROM run_assets))
)
SELECT coalesce(r.asset, o.asset) AS asset, epoch_ms(p.ts)::DOUBLE AS ts_ms, p.risk, p.alert
FROM picked p LEFT JOIN run_assets r USING (machine_id) LEFT JOIN others o USING (machine_id)
ORDER BY asset, p.ts;
