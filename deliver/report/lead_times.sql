-- The failures from $from on (up to a step after the cut-off or the shown results' end, as
-- report_assets counts them), each
-- with the shown results of its asset within the horizon before it, [failure - horizon, failure):
-- how many rows were scored there, and the first of them in alert.
CREATE OR REPLACE TEMP TABLE report_failures AS
WITH every_failure AS (
  SELECT machine_id, ts AS failed_at, string_agg(DISTINCT failure, ', ' ORDER BY failure) AS failure
  FROM silver_failures
  GROUP BY machine_id, ts
),
failures AS (
  -- a row leads to its asset's next failure only (the label rule), so an alert before the
  -- previous failure is not this one's; and only failures the shown results reach
  SELECT *, lag(failed_at) OVER (PARTITION BY machine_id ORDER BY failed_at) AS previous_failure
  FROM every_failure
  QUALIFY failed_at >= $from::TIMESTAMP
    AND failed_at < coalesce($cut_off::TIMESTAMP, $window_end::TIMESTAMP) + to_seconds($step_seconds::BIGINT)
)
SELECT f.machine_id, f.failed_at, f.failure, count(r.ts) AS scored_rows, min(r.ts) FILTER (WHERE r.in_alert) AS first_alert
FROM failures f
LEFT JOIN report_results r
  ON r.machine_id = f.machine_id AND r.ts < f.failed_at AND r.ts >= f.failed_at - to_seconds($horizon_seconds::BIGINT) AND r.ts < $window_end::TIMESTAMP
  AND (f.previous_failure IS NULL OR r.ts >= f.previous_failure)
GROUP BY f.machine_id, f.failed_at, f.failure;
SELECT count(*) AS failures, count(*) FILTER (WHERE scored_rows > 0) AS scored, count(first_alert) AS alerted,
       quantile_cont(date_diff('second', first_alert, failed_at), 0.5) AS median_seconds,
       quantile_cont(date_diff('second', first_alert, failed_at), 0.1) AS p10_seconds
FROM report_failures;
