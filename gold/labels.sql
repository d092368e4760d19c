-- The component of the first failure in (ts, ts + horizon]; simultaneous failures: the lowest
-- component number. Unknown (NULL) when ts + horizon lies past the label cutoff, so that no
-- failure after the cutoff can leak into a label.
CREATE OR REPLACE TEMP TABLE labels AS
WITH failure_times AS (
  SELECT machine_id, ts, min(failure) AS failure
  FROM silver_failures
  GROUP BY machine_id, ts
)
SELECT g.machine_id, g.ts,
  CASE
    WHEN g.ts + to_hours($horizon_hours::BIGINT) > $label_cutoff::TIMESTAMP THEN NULL
    WHEN f.ts <= g.ts + to_hours($horizon_hours::BIGINT) THEN f.failure
    ELSE 'none'
  END AS label
FROM grid g
ASOF LEFT JOIN failure_times f ON g.machine_id = f.machine_id AND f.ts > g.ts;
