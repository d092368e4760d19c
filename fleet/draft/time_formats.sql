-- How many values of each named column one other datetime format reads (DuckDB wants the
-- format constant, so this runs once per format).
SELECT name, count(try_strptime(val, $format::VARCHAR)) AS parsed, count(*) AS present
FROM (
  SELECT name, trim(val) AS val FROM draft_long
  WHERE trim(val) <> '' AND list_contains($names::VARCHAR[], name)
)
GROUP BY name;
