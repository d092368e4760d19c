SELECT max(last_load_id) AS last_load_id, any_value(fleet_hash) AS fleet_hash FROM silver_builds
WHERE build_id = (SELECT max(build_id) FROM silver_builds);
