-- Files rejected over the last $days days that saw loads.
SELECT count(*) FILTER (WHERE status = 'rejected') AS rejected
FROM loads
WHERE CAST(started_at AS DATE) > (SELECT max(CAST(started_at AS DATE)) FROM loads) - $days::INTEGER;
