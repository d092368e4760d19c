-- Alarm counts per code over (ts - window, ts], fed to grid points as the telemetry readings are.
CREATE OR REPLACE TEMP TABLE error_features AS
WITH fed AS (
  SELECT machine_id, error_id, unnest(gold_points_fed(ts, $step_s, $alarm_window_s)) AS ts
  FROM silver_errors
  WHERE ts > $from::TIMESTAMP - to_seconds($alarm_window_s::BIGINT) AND ts < $to::TIMESTAMP
)
SELECT machine_id, ts, {{counts}}
FROM fed
WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP
GROUP BY machine_id, ts;
