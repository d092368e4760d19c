-- The newest $limit failures of report_failures, with how far ahead the first alert came.
SELECT CAST(machine_id AS VARCHAR) AS asset, failed_at, failure, scored_rows, first_alert,
       date_diff('second', first_alert, failed_at) AS ahead_seconds
FROM report_failures
ORDER BY failed_at DESC, asset
LIMIT $limit;
