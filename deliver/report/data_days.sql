-- Rows in silver per day of the time they carry and the source that loaded them, over the newest
-- $days days of data. A row counts under its load's source only where that source feeds its
-- table: failures derived from the readings' flags are readings already counted.
WITH per_load AS ({{rows_per_load}}),
counted AS (
  SELECT p.day, l.table_name AS source, sum(p.rows) AS rows
  FROM per_load p JOIN loads l ON l.load_id = p._load_id
  WHERE list_contains(p.fed_by, l.table_name)
  GROUP BY ALL
)
SELECT strftime(day, '%Y-%m-%d') AS day, source, rows FROM counted
WHERE day > (SELECT max(day) FROM counted) - $days::INTEGER
ORDER BY day, source;
