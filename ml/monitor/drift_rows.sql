-- The drift entries of one run before they are written (docs/monitoring.md#monitor_drift): the
-- bin counts travel as text and become a list when written.
CREATE OR REPLACE TEMP TABLE drift_rows (
  day_ms BIGINT, group_column VARCHAR, group_value VARCHAR, feature VARCHAR, kind VARCHAR,
  row_count BIGINT, missing_count BIGINT, bin_counts VARCHAR,
  psi DOUBLE, js DOUBLE, missing_share DOUBLE, reference_missing_share DOUBLE, level VARCHAR
);
