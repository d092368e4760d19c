-- One row per column of the sample: how its non-empty values look. The role guessing needs only
-- these counts. Steps are the differences between a column's consecutive numbers in file order:
-- a counter (cycles) mostly rises by one and falls back when the next asset starts. Numbers
-- are never datetimes in the accepted forms, so only text is tried as one (the slow part).
WITH present AS (
  SELECT rn, name, trim(val) AS val, TRY_CAST(trim(val) AS DOUBLE) AS number
  FROM draft_long WHERE trim(val) <> ''
), typed AS (
  SELECT rn, name, val,
         CASE WHEN isfinite(number) THEN number END AS num,
         number IS NOT NULL AND regexp_full_match(val, '[+-]?[0-9]+') AS whole,
         CASE WHEN number IS NULL THEN try_strptime(val, $formats::VARCHAR[]) END AS ts
  FROM present
), stepped AS (
  SELECT *, num - lag(num) OVER (PARTITION BY name ORDER BY rn) AS step FROM typed
)
SELECT name,
       (SELECT count(DISTINCT rn) FROM draft_long) AS rows,
       count(*) AS present,
       count(DISTINCT val) AS distinct_values,
       count(num) AS numeric,
       count(*) FILTER (WHERE whole) AS whole,
       count(ts) AS timestamps,
       strftime(min(ts), '%Y-%m-%d %H:%M:%S') AS first_time,
       strftime(max(ts), '%Y-%m-%d %H:%M:%S') AS last_time,
       min(num) AS min,
       max(num) AS max,
       count(step) AS steps,
       count(*) FILTER (WHERE step > 0) AS rising_steps,
       count(*) FILTER (WHERE step = 1) AS unit_steps,
       count(*) FILTER (WHERE val LIKE '% %') AS with_spaces
FROM stepped
GROUP BY name;
