-- Days since the last replacement of each component at or before ts (NULL when none on record).
CREATE OR REPLACE TEMP TABLE replacement_features AS
WITH wanted AS (
  SELECT g.machine_id, g.ts, c.comp
  FROM grid g CROSS JOIN (SELECT unnest($components::VARCHAR[]) AS comp) c
),
latest AS (
  SELECT w.machine_id, w.ts, w.comp, (epoch_us(w.ts) - epoch_us(m.ts)) / 86400000000.0 AS days
  FROM wanted w
  ASOF LEFT JOIN silver_maint m ON w.machine_id = m.machine_id AND w.comp = m.comp AND w.ts >= m.ts
)
SELECT machine_id, ts, {{pivot}}
FROM latest
GROUP BY machine_id, ts;
