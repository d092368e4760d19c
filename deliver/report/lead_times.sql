-- The failures from $from on (up to a step after the cut-off, as report_assets counts them), each
-- with the shown results of its asset within the horizon before it, [failure - horizon, failure):
-- how many rows were scored there, and the first of them in alert.
CREATE OR REPLACE TEMP TABLE report_failures AS
WITH failures AS (
  SELECT machine_id, ts AS failed_at, string_agg(DISTINCT failure, ', ' ORDER BY failure) AS failure
  FROM silver_failures
  WHERE ts >= $from::TIMESTAMP AND ($cut_off::TIMESTAMP IS NULL OR ts < $cut_off::TIMESTAMP + to_seconds($step_seconds::BIGINT))
  GROUP BY machine_id, ts
)
SELECT f.machine_id, f.failed_at, f.failure, count(r.ts) AS scored_rows, min(r.ts) FILTER (WHERE r.in_alert) AS first_alert
FROM failures f
LEFT JOIN report_results r
  ON r.machine_id = f.machine_id AND r.ts < f.failed_at AND r.ts >= f.failed_at - to_seconds($horizon_seconds::BIGINT) AND r.ts < $window_end::TIMESTAMP
GROUP BY ALL;
SELECT count(*) AS failures, count(*) FILTER (WHERE scored_rows > 0) AS scored, count(first_alert) AS alerted,
       quantile_cont(date_diff('second', first_alert, failed_at), 0.5) AS median_seconds,
       quantile_cont(date_diff('second', first_alert, failed_at), 0.1) AS p10_seconds
FROM report_failures;
