-- Alarm codes, most frequent first (ties: by code): open alarms counted as `top: N` take the first N.
SELECT error_id FROM silver_errors GROUP BY error_id ORDER BY count(*) DESC, error_id;
