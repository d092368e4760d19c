-- Each asset's last reading and last failure before the window's end, and whether it still
-- reports: it failed and has not reported since when its last failure is at or after its last
-- reading; it is silent when its last reading is more than $silent_seconds older than the
-- fleet's newest. An asset that neither failed since nor is silent is reporting.
CREATE OR REPLACE TEMP TABLE report_assets AS
WITH readings AS (
  SELECT machine_id, max(ts) AS last_reading FROM silver_telemetry
  WHERE ts < $window_end::TIMESTAMP
  GROUP BY machine_id
),
failures AS (
  SELECT machine_id, ts AS last_failure, string_agg(DISTINCT failure, ', ' ORDER BY failure) AS failure
  FROM silver_failures
  WHERE ts < $window_end::TIMESTAMP
  GROUP BY machine_id, ts
  QUALIFY ts = max(ts) OVER (PARTITION BY machine_id)
),
judged AS (
  SELECT machine_id, last_reading,
         CASE WHEN last_failure >= last_reading THEN last_failure END AS failed_at,
         CASE WHEN last_failure >= last_reading THEN failure END AS failure,
         date_diff('second', last_reading, max(last_reading) OVER ()) AS silent_seconds
  FROM readings LEFT JOIN failures USING (machine_id)
)
SELECT *, failed_at IS NULL AND silent_seconds <= $silent_seconds AS reporting FROM judged;
SELECT strftime(max(last_reading), '%Y-%m-%d %H:%M') AS newest_reading,
       count(*) FILTER (WHERE NOT reporting) AS not_reporting,
       count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed
FROM report_assets;
