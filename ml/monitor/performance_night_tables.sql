-- A night's figures and open events as the code computes them, before they are written out.
CREATE OR REPLACE TEMP TABLE performance_days (
  model_name VARCHAR, model_version INTEGER, day_number INTEGER,
  rows_judged BIGINT, positives BIGINT, brier_sum DOUBLE, asset_days DOUBLE,
  risk_bins_positive INTEGER[], risk_bins_negative INTEGER[],
  tp BIGINT, fp BIGINT, fn BIGINT, tn BIGINT,
  failures BIGINT, caught BIGINT, lead_hours DOUBLE[], episodes BIGINT, false_episodes BIGINT
);
CREATE OR REPLACE TEMP TABLE performance_open_now (
  model_name VARCHAR, model_version INTEGER, asset_key VARCHAR,
  episode_start_ms DOUBLE, episode_last_ms DOUBLE, episode_positive BOOLEAN,
  failure_ms DOUBLE, failure_first_alert_ms DOUBLE
);
