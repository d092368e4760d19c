-- The silver rows a build reads, for its rate: the readings and alarms feeding its scope's grid
-- points, and every replacement, failure and asset before $to.
SELECT
  (SELECT count(*) FROM silver_telemetry t JOIN gold_scope s USING (machine_id)
     WHERE t.ts > s.from_ts - to_seconds($max_window_s::BIGINT) AND t.ts < $to::TIMESTAMP
       AND t.ts > $from::TIMESTAMP - to_seconds($max_window_s::BIGINT))
  + (SELECT count(*) FROM silver_errors e JOIN gold_scope s USING (machine_id)
     WHERE e.ts > s.from_ts - to_seconds($alarm_window_s::BIGINT) AND e.ts < $to::TIMESTAMP
       AND e.ts > $from::TIMESTAMP - to_seconds($alarm_window_s::BIGINT))
  + (SELECT count(*) FROM silver_maint WHERE ts < $to::TIMESTAMP)
  + (SELECT count(*) FROM silver_failures)
  + (SELECT count(*) FROM silver_machines) AS input_rows;
