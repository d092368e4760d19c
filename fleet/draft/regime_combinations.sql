-- The combinations the candidate settings take together, rounded as proposed, over the rows of
-- the sample: how many, and the rows of the rarest.
WITH settings AS (
  SELECT unnest($names::VARCHAR[]) AS name, unnest($decimals::INTEGER[]) AS decimals
),
combined AS (
  SELECT l.rn, list(round(TRY_CAST(trim(l.val) AS DOUBLE), s.decimals) ORDER BY l.name) AS combination
  FROM draft_long l JOIN settings s USING (name)
  GROUP BY l.rn
  HAVING count(TRY_CAST(trim(l.val) AS DOUBLE)) = (SELECT count(*) FROM settings)
)
SELECT count(*) AS combinations, min(n) AS fewest
FROM (SELECT combination, count(*) AS n FROM combined GROUP BY combination);
