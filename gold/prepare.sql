-- The first grid point at or after t: grid points are whole multiples of the step since the epoch.
CREATE OR REPLACE TEMP MACRO gold_ceil_step(t, step_s) AS
  time_bucket(to_seconds(step_s::BIGINT), t - INTERVAL 1 MICROSECOND, TIMESTAMP '1970-01-01') + to_seconds(step_s::BIGINT);

-- The grid points whose window (g - w, g] contains an event at t: t <= g < t + w.
CREATE OR REPLACE TEMP MACRO gold_points_fed(t, step_s, window_s) AS
  generate_series(gold_ceil_step(t, step_s), t + to_seconds(window_s::BIGINT) - INTERVAL 1 MICROSECOND, to_seconds(step_s::BIGINT));
