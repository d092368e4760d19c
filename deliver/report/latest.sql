-- Each reporting asset's latest prediction before the window's end (an asset with no reading in
-- silver cannot be judged, and counts as reporting), and when in alert, since when: its first
-- row after its last row not in alert, as `lakescore alerts` counts it.
CREATE OR REPLACE TEMP TABLE report_latest AS
WITH shown AS (
  SELECT * FROM report_results WHERE ts < $window_end::TIMESTAMP
),
since AS (
  SELECT machine_id, min(ts) AS since FROM (
    SELECT machine_id, ts, max(ts) FILTER (WHERE NOT in_alert) OVER (PARTITION BY machine_id) AS last_quiet FROM shown
  )
  WHERE last_quiet IS NULL OR ts > last_quiet
  GROUP BY machine_id
)
SELECT machine_id, CAST(machine_id AS VARCHAR) AS asset, ts, risk, in_alert, diagnosis,
       CASE WHEN in_alert THEN since.since END AS since, {{probabilities}}
FROM shown LEFT JOIN report_assets USING (machine_id) LEFT JOIN since USING (machine_id)
WHERE coalesce(reporting, true)
QUALIFY row_number() OVER (PARTITION BY machine_id ORDER BY ts DESC) = 1;
SELECT count(*) AS assets FROM report_latest;
