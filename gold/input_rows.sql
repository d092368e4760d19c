SELECT
  (SELECT count(*) FROM silver_telemetry WHERE ts > $from::TIMESTAMP - to_hours($max_window_hours::BIGINT) AND ts < $to::TIMESTAMP)
  + (SELECT count(*) FROM silver_errors WHERE ts > $from::TIMESTAMP - INTERVAL 24 HOUR AND ts < $to::TIMESTAMP)
  + (SELECT count(*) FROM silver_maint WHERE ts < $to::TIMESTAMP)
  + (SELECT count(*) FROM silver_failures)
  + (SELECT count(*) FROM silver_machines) AS input_rows;
