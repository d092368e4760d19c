SELECT max(last_load_id) AS last_load_id FROM silver_builds
WHERE build_id = (SELECT max(build_id) FROM silver_builds);
