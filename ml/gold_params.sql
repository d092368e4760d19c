SELECT step_hours, windows_hours, horizon_hours FROM gold_builds ORDER BY build_id DESC LIMIT 1;
