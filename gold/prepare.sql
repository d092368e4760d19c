-- The first grid point at or after t: grid points are whole multiples of the step since the epoch.
CREATE OR REPLACE TEMP MACRO gold_ceil_step(t, step_s) AS
  time_bucket(to_seconds(step_s::BIGINT), t - INTERVAL 1 MICROSECOND, TIMESTAMP '1970-01-01') + to_seconds(step_s::BIGINT);

-- The grid points at or after from_ts whose window (g - w, g] contains an event at t: t <= g < t + w.
-- Starting at from_ts, a night's earlier readings generate only the points it rebuilds.
CREATE OR REPLACE TEMP MACRO gold_points_fed(t, from_ts, step_s, window_s) AS
  generate_series(gold_ceil_step(greatest(t, from_ts), step_s), t + to_seconds(window_s::BIGINT) - INTERVAL 1 MICROSECOND, to_seconds(step_s::BIGINT));
