-- The peer of gold/telemetry_features.sql: the same (ts - w, ts] statistics as DuckDB RANGE window
-- frames over the grid points merged into the readings. Default parameters: 12 h step, 12/24/36 h.
CREATE OR REPLACE TEMP TABLE peer_grid AS
SELECT machine_id,
       unnest(generate_series(
         time_bucket(INTERVAL 12 HOUR, min(ts) - INTERVAL 1 MICROSECOND, TIMESTAMP '1970-01-01') + INTERVAL 12 HOUR,
         max(ts), INTERVAL 12 HOUR)) AS ts
FROM silver_telemetry GROUP BY machine_id;

CREATE OR REPLACE TEMP TABLE peer_features AS
SELECT * FROM (
  SELECT machine_id, ts, is_grid,
    avg(volt) OVER w12 AS volt_mean_12h, stddev_samp(volt) OVER w12 AS volt_std_12h,
    avg(volt) OVER w24 AS volt_mean_24h, stddev_samp(volt) OVER w24 AS volt_std_24h,
    avg(volt) OVER w36 AS volt_mean_36h, stddev_samp(volt) OVER w36 AS volt_std_36h,
    avg(rotate) OVER w12 AS rotate_mean_12h, stddev_samp(rotate) OVER w12 AS rotate_std_12h,
    avg(rotate) OVER w24 AS rotate_mean_24h, stddev_samp(rotate) OVER w24 AS rotate_std_24h,
    avg(rotate) OVER w36 AS rotate_mean_36h, stddev_samp(rotate) OVER w36 AS rotate_std_36h,
    avg(pressure) OVER w12 AS pressure_mean_12h, stddev_samp(pressure) OVER w12 AS pressure_std_12h,
    avg(pressure) OVER w24 AS pressure_mean_24h, stddev_samp(pressure) OVER w24 AS pressure_std_24h,
    avg(pressure) OVER w36 AS pressure_mean_36h, stddev_samp(pressure) OVER w36 AS pressure_std_36h,
    avg(vibration) OVER w12 AS vibration_mean_12h, stddev_samp(vibration) OVER w12 AS vibration_std_12h,
    avg(vibration) OVER w24 AS vibration_mean_24h, stddev_samp(vibration) OVER w24 AS vibration_std_24h,
    avg(vibration) OVER w36 AS vibration_mean_36h, stddev_samp(vibration) OVER w36 AS vibration_std_36h
  FROM (
    SELECT machine_id, ts, volt, rotate, pressure, vibration, false AS is_grid FROM silver_telemetry
    UNION ALL
    SELECT machine_id, ts, NULL, NULL, NULL, NULL, true FROM peer_grid
  )
  WINDOW
    w12 AS (PARTITION BY machine_id ORDER BY ts RANGE BETWEEN INTERVAL '11:59:59.999999' PRECEDING AND CURRENT ROW),
    w24 AS (PARTITION BY machine_id ORDER BY ts RANGE BETWEEN INTERVAL '23:59:59.999999' PRECEDING AND CURRENT ROW),
    w36 AS (PARTITION BY machine_id ORDER BY ts RANGE BETWEEN INTERVAL '35:59:59.999999' PRECEDING AND CURRENT ROW)
)
WHERE is_grid;
