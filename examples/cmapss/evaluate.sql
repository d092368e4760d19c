-- The published C-MAPSS classification test: "does the engine fail within 30 cycles?", judged at
-- the last row of each of the 100 test engines, from the newest prediction for that row, at the
-- model's own alert rule (chosen on a quarter of the training engines, never on the test ones).
WITH last_rows AS (
  SELECT machine_id, max(ts) AS ts FROM silver_telemetry WHERE machine_id LIKE 'test-%' GROUP BY machine_id
),
judged AS (
  SELECT r.machine_id,
         r.alert AS predicted,
         EXISTS (SELECT 1 FROM silver_failures f WHERE f.machine_id = r.machine_id AND f.ts > r.ts AND f.ts <= r.ts + INTERVAL 30 DAY) AS actual
  FROM results_latest r JOIN last_rows USING (machine_id, ts)
),
counts AS (
  SELECT count(*) AS engines,
         count(*) FILTER (WHERE actual) AS positives,
         count(*) FILTER (WHERE actual AND predicted) AS tp,
         count(*) FILTER (WHERE predicted AND NOT actual) AS fp,
         count(*) FILTER (WHERE actual AND NOT predicted) AS fn
  FROM judged
)
SELECT engines, positives, tp, fp, fn,
       round(tp / nullif(tp + fp, 0), 3) AS precision,
       round(tp / nullif(tp + fn, 0), 3) AS recall,
       round(2 * tp / nullif(2 * tp + fp + fn, 0), 3) AS f1
FROM counts;
