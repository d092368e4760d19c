-- Each reporting asset's latest prediction before the window's end (an asset with no reading in
-- silver cannot be judged, and counts as reporting).
CREATE OR REPLACE TEMP TABLE report_latest AS
SELECT machine_id, CAST(machine_id AS VARCHAR) AS asset, ts, {{risk}} AS risk, {{probabilities}}
FROM report_results LEFT JOIN report_assets USING (machine_id)
WHERE ts < $window_end::TIMESTAMP AND coalesce(reporting, true)
QUALIFY row_number() OVER (PARTITION BY machine_id ORDER BY ts DESC) = 1;
SELECT count(*) AS assets FROM report_latest;
