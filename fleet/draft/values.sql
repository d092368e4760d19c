-- Every value, with how often it occurs, of the columns that have only a few: codes,
-- categories, flags and asset ids.
SELECT name, trim(val) AS val, count(*) AS n
FROM draft_long
WHERE trim(val) <> ''
GROUP BY name, trim(val)
QUALIFY count(*) OVER (PARTITION BY name) <= $max_values
ORDER BY name, n DESC, val;
