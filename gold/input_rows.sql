SELECT
  (SELECT count(*) FROM silver_telemetry WHERE ts > $from::TIMESTAMP - to_seconds($max_window_s::BIGINT) AND ts < $to::TIMESTAMP)
  + (SELECT count(*) FROM silver_errors WHERE ts > $from::TIMESTAMP - to_seconds($alarm_window_s::BIGINT) AND ts < $to::TIMESTAMP)
  + (SELECT count(*) FROM silver_maint WHERE ts < $to::TIMESTAMP)
  + (SELECT count(*) FROM silver_failures)
  + (SELECT count(*) FROM silver_machines) AS input_rows;
