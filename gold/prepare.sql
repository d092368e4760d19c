-- The first grid point at or after t: grid points are whole multiples of the step since the epoch.
CREATE OR REPLACE TEMP MACRO gold_ceil_step(t, step_hours) AS
  time_bucket(to_hours(step_hours::BIGINT), t - INTERVAL 1 MICROSECOND, TIMESTAMP '1970-01-01') + to_hours(step_hours::BIGINT);

-- The grid points whose window (g - w h, g] contains an event at t: t <= g < t + w.
CREATE OR REPLACE TEMP MACRO gold_points_fed(t, step_hours, window_hours) AS
  generate_series(gold_ceil_step(t, step_hours), t + to_hours(window_hours::BIGINT) - INTERVAL 1 MICROSECOND, to_hours(step_hours::BIGINT));
