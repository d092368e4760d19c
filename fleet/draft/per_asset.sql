-- For each column, the most distinct values one asset has in the sample: 1 means the column
-- is constant per asset (an attribute repeated on every row), more that it changes over time.
SELECT name, max(per_asset) AS most_per_asset
FROM (
  SELECT l.name, a.val AS asset, count(DISTINCT trim(l.val)) AS per_asset
  FROM draft_long l JOIN draft_long a ON a.rn = l.rn AND a.name = $asset
  WHERE trim(l.val) <> ''
  GROUP BY l.name, a.val
)
GROUP BY name;
