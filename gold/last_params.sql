SELECT features, fleet_hash FROM gold_builds ORDER BY build_id DESC LIMIT 1;
