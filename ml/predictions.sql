CREATE OR REPLACE TEMP TABLE predictions (
  machine_id INTEGER, ts_ms BIGINT,
  p_none DOUBLE, p_comp1 DOUBLE, p_comp2 DOUBLE, p_comp3 DOUBLE, p_comp4 DOUBLE,
  predicted VARCHAR
);
