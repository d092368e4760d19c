-- The most frequent alarm codes (ties: by code), for open alarms counted as `top: N`.
SELECT error_id FROM silver_errors GROUP BY error_id ORDER BY count(*) DESC, error_id LIMIT $top;
