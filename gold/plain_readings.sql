-- The readings gold's windows read, without regimes: silver's as they are.
CREATE OR REPLACE TEMP VIEW gold_readings AS SELECT * FROM silver_telemetry;
