-- Each asset's highest risk per day over the window, and whether it was in alert that day: what
-- the fleet's risk history is drawn from.
CREATE OR REPLACE TEMP TABLE report_daily_risk AS
SELECT machine_id, CAST(ts AS DATE) AS day, max(risk) AS risk, bool_or(in_alert) AS in_alert
FROM report_results
WHERE ts < $window_end::TIMESTAMP AND ts >= $window_end::TIMESTAMP - to_days($days::INTEGER)
GROUP BY machine_id, day;
