-- The assets that do not report, the latest to stop first.
SELECT CAST(machine_id AS VARCHAR) AS asset, last_reading, silent_seconds, failed_at, failure
FROM report_assets
WHERE NOT reporting
ORDER BY last_reading DESC, asset
LIMIT $limit;
