-- The typical interval between an asset's consecutive readings: the median gap between its
-- distinct times in the sample, in seconds. A clock is read with the formats the draft declares,
-- a counter as counts of $unit_s seconds. The median is of observed gaps, so a few missed
-- readings or one long pause do not move it.
WITH readings AS (
  SELECT DISTINCT trim(a.val) AS asset,
         CASE WHEN $counter THEN TRY_CAST(trim(t.val) AS DOUBLE) * $unit_s
              ELSE epoch(try_strptime(trim(t.val), $formats::VARCHAR[])) END AS reading_at
  FROM draft_long a JOIN draft_long t ON t.rn = a.rn AND t.name = $time
  WHERE a.name = $asset AND trim(a.val) <> ''
), gaps AS (
  SELECT reading_at - lag(reading_at) OVER (PARTITION BY asset ORDER BY reading_at) AS gap
  FROM readings
  WHERE reading_at IS NOT NULL
)
SELECT quantile_disc(gap, 0.5) AS typical_s, count(gap) AS gaps
FROM gaps
WHERE gap > 0;
