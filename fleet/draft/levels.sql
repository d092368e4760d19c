-- How each column's numbers fall into levels when rounded to 0 to 3 decimals: per column and
-- number of decimals, the levels, the widest spread of the values within one, the rows of the
-- smallest, and the narrowest gap between the values of two levels beside the largest magnitude. Settings that take a few
-- values (an altitude, a throttle position) show as a few levels far apart, each far narrower
-- than the rounding.
WITH numbers AS (
  SELECT name, TRY_CAST(trim(val) AS DOUBLE) AS x
  FROM draft_long
  WHERE trim(val) <> ''
),
levels AS (
  SELECT name, d.decimals, round(x, d.decimals) AS level, count(*) AS n, min(x) AS low, max(x) AS high, max(x) - min(x) AS spread
  FROM numbers CROSS JOIN (SELECT unnest([0, 1, 2, 3]) AS decimals) d
  WHERE isfinite(x)
  GROUP BY ALL
)
SELECT name, decimals, count(*) AS levels, max(spread) AS widest, min(n) AS fewest,
       min(gap) AS closest, max(abs(level)) AS largest
FROM (SELECT *, low - lag(high) OVER (PARTITION BY name, decimals ORDER BY level) AS gap FROM levels)
GROUP BY name, decimals
HAVING count(*) <= $max_levels
ORDER BY name, decimals;
