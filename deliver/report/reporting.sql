-- Each asset's last reading and last failure, and whether it still reports: it failed and has not
-- reported since when its last failure is at or after its last reading; it is silent when its last
-- reading is more than $step_seconds x $silent_steps older than the fleet's newest. An asset that
-- neither failed since nor is silent is reporting. With a cut-off (--as-of), only the readings
-- before it count, and the failures up to a step after it: a failure flag dates the failure of a
-- reading to the end of the reading's step.
CREATE OR REPLACE TEMP TABLE report_assets AS
WITH readings AS (
  SELECT machine_id, max(ts) AS last_reading FROM silver_telemetry
  WHERE $cut_off::TIMESTAMP IS NULL OR ts < $cut_off::TIMESTAMP
  GROUP BY machine_id
),
failures AS (
  SELECT machine_id, ts AS last_failure, string_agg(DISTINCT failure, ', ' ORDER BY failure) AS failure
  FROM silver_failures
  WHERE $cut_off::TIMESTAMP IS NULL OR ts < $cut_off::TIMESTAMP + to_seconds($step_seconds::BIGINT)
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
SELECT *, failed_at IS NULL AND silent_seconds <= $step_seconds::BIGINT * $silent_steps::INTEGER AS reporting FROM judged;
SELECT strftime(max(last_reading), '%Y-%m-%d %H:%M') AS newest_reading,
       count(*) FILTER (WHERE NOT reporting) AS not_reporting,
       count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed
FROM report_assets;
