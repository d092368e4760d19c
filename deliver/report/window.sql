-- Where the risk picture ends (exclusive): the cut-off, else the day after the newest scored time.
SELECT coalesce($before::TIMESTAMP, CAST(CAST(max(ts) AS DATE) + 1 AS TIMESTAMP)) AS window_end,
       strftime(max(ts), '%Y-%m-%d %H:%M') AS newest_scored
FROM report_results
WHERE $before::TIMESTAMP IS NULL OR ts < $before::TIMESTAMP;
