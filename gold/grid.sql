-- One row per (machine, ts) to compute: every step within the machine's telemetry span, at or
-- after its scope's from_ts and before $to; with an asset table, only the assets it lists. The
-- machine's first reading goes along, for its age.
CREATE OR REPLACE TEMP TABLE grid AS
WITH span AS (
  SELECT machine_id, min(ts) AS first_ts, max(ts) AS last_ts
  FROM silver_telemetry
  GROUP BY machine_id
)
SELECT machine_id, first_ts,
       unnest(generate_series(
         gold_ceil_step(greatest(first_ts, s.from_ts), $step_s),
         least(last_ts, $to::TIMESTAMP - INTERVAL 1 MICROSECOND),
         to_seconds($step_s::BIGINT))) AS ts
FROM span
JOIN gold_scope s USING (machine_id)
WHERE NOT $asset_table OR machine_id IN (SELECT machine_id FROM silver_machines);
