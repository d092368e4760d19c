-- Rows loaded and files rejected per day and source, over the last $days days that saw loads.
SELECT strftime(CAST(started_at AS DATE), '%Y-%m-%d') AS day, coalesce(table_name, '(unrecognised)') AS source,
       coalesce(sum(row_count) FILTER (WHERE status = 'loaded'), 0) AS rows,
       count(*) FILTER (WHERE status = 'rejected') AS rejected
FROM loads
WHERE CAST(started_at AS DATE) > (SELECT max(CAST(started_at AS DATE)) FROM loads) - $days::INTEGER
GROUP BY ALL
ORDER BY day, source;
