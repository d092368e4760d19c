-- One window's statistics: each reading feeds the grid points whose window (g - w, g] contains
-- it, then one grouped pass computes every aggregate of every sensor for that window. This is the
-- time-range frame of a RANGE window, computed as a GROUP BY: DuckDB's RANGE frames were much
-- slower here (docs/gold.md, bench/gold.ts), and one pass per window avoids a FILTER per aggregate.
-- Only the readings that feed an asset's rebuilt grid points (its scope) are read; the bound from
-- the earliest scope ($from) is implied, and lets the scan skip the files before it. The readings
-- are silver's, normalised within their regime where the definition asks (gold_readings).
CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH fed AS (
  SELECT t.machine_id, t.ts AS reading_ts, {{sensors}},
         unnest(gold_points_fed(t.ts, s.from_ts, $step_s, $window_s)) AS ts
  FROM gold_readings t
  JOIN gold_scope s USING (machine_id)
  WHERE t.ts > s.from_ts - to_seconds($window_s::BIGINT) AND t.ts < $to::TIMESTAMP
    AND t.ts > $from::TIMESTAMP - to_seconds($window_s::BIGINT)
)
SELECT machine_id, ts,
  {{aggregates}}
FROM fed
WHERE ts < $to::TIMESTAMP
GROUP BY machine_id, ts;
