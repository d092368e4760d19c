-- Alarm counts per code over (ts - window, ts], fed to grid points as the telemetry readings are,
-- from the alarms that feed an asset's rebuilt grid points (the bound from $from lets the scan skip
-- earlier files, as in window_features.sql).
CREATE OR REPLACE TEMP TABLE error_features AS
WITH fed AS (
  SELECT e.machine_id, e.error_id, unnest(gold_points_fed(e.ts, s.from_ts, $step_s, $alarm_window_s)) AS ts
  FROM silver_errors e
  JOIN gold_scope s USING (machine_id)
  WHERE e.ts > s.from_ts - to_seconds($alarm_window_s::BIGINT) AND e.ts < $to::TIMESTAMP
    AND e.ts > $from::TIMESTAMP - to_seconds($alarm_window_s::BIGINT)
)
SELECT machine_id, ts, {{counts}}
FROM fed
WHERE ts < $to::TIMESTAMP
GROUP BY machine_id, ts;
