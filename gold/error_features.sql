-- Alarm counts per code over (ts - 24 h, ts], fed the same way as the telemetry windows.
CREATE OR REPLACE TEMP TABLE error_features AS
WITH fed AS (
  SELECT machine_id, error_id,
         unnest(generate_series(
           gold_ceil_step(ts, $step_hours),
           ts + to_hours($error_window_hours::BIGINT) - INTERVAL 1 MICROSECOND,
           to_hours($step_hours::BIGINT))) AS ts
  FROM silver_errors
  WHERE ts > $from::TIMESTAMP - to_hours($error_window_hours::BIGINT) AND ts < $to::TIMESTAMP
)
SELECT machine_id, ts, {{counts}}
FROM fed
WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP
GROUP BY machine_id, ts;
