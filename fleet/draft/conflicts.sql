-- The sampled (asset, time) keys, and how many of them appear in two parts of a source (files
-- of different names) with different values: there the same ids name other assets, so the
-- parts are not one feed. Rows repeated whole (an overlapping export) do not count.
WITH content AS (
  SELECT rn, any_value(part) AS part, string_agg(name || '=' || trim(val), chr(31) ORDER BY name) AS row_text
  FROM draft_long
  GROUP BY rn
), keyed AS (
  SELECT trim(a.val) AS asset, trim(t.val) AS reading_at, c.part, c.row_text
  FROM content c
  JOIN draft_long a ON a.rn = c.rn AND a.name = $asset
  JOIN draft_long t ON t.rn = c.rn AND t.name = $time
), per_key AS (
  SELECT count(DISTINCT part) AS parts, count(DISTINCT row_text) AS contents
  FROM keyed
  GROUP BY asset, reading_at
)
SELECT count(*) AS keys, count(*) FILTER (WHERE parts > 1 AND contents > 1) AS conflicting
FROM per_key;
