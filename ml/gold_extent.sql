SELECT min(ts) AS first_ts, max(ts) AS last_ts FROM gold_features WHERE ts > $after::TIMESTAMP;
