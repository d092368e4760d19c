-- One window's statistics: each reading feeds the grid points whose window (g - w, g] contains
-- it, then one grouped pass computes every aggregate of every sensor for that window. This is the
-- time-range frame of a RANGE window, computed as a GROUP BY: DuckDB's RANGE frames were much
-- slower here (docs/gold.md, bench/gold.ts), and one pass per window avoids a FILTER per aggregate.
CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH fed AS (
  SELECT machine_id, ts AS reading_ts, {{sensors}},
         unnest(gold_points_fed(ts, $step_s, $window_s)) AS ts
  FROM silver_telemetry
  WHERE ts > $from::TIMESTAMP - to_seconds($window_s::BIGINT) AND ts < $to::TIMESTAMP
)
SELECT machine_id, ts,
  {{aggregates}}
FROM fed
WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP
GROUP BY machine_id, ts;
