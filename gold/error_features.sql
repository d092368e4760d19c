-- Alarm counts per code over (ts - 24 h, ts], fed to grid points as the telemetry readings are.
CREATE OR REPLACE TEMP TABLE error_features AS
WITH fed AS (
  SELECT machine_id, error_id, unnest(gold_points_fed(ts, $step_hours, $error_window_hours)) AS ts
  FROM silver_errors
  WHERE ts > $from::TIMESTAMP - to_hours($error_window_hours::BIGINT) AND ts < $to::TIMESTAMP
)
SELECT machine_id, ts, {{counts}}
FROM fed
WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP
GROUP BY machine_id, ts;
