-- Highest risk per day of the listed assets over the last $days days up to each one's latest
-- scored day before the window's end: their recent trend, whenever they were last scored.
WITH listed AS (
  SELECT machine_id, CAST(max(ts) AS DATE) AS last_day FROM report_results
  WHERE list_contains($assets, CAST(machine_id AS VARCHAR)) AND ts < $window_end::TIMESTAMP
  GROUP BY machine_id
)
SELECT CAST(machine_id AS VARCHAR) AS asset, strftime(CAST(ts AS DATE), '%Y-%m-%d') AS day, max(risk) AS risk
FROM report_results JOIN listed USING (machine_id)
WHERE ts < $window_end::TIMESTAMP AND CAST(ts AS DATE) > last_day - $days::INTEGER
GROUP BY ALL
ORDER BY asset, day;
