CREATE OR REPLACE TEMP TABLE gold_new AS
SELECT g.machine_id, g.ts,
  {{columns}},
  l.label
FROM grid g
LEFT JOIN telemetry_features t ON t.machine_id = g.machine_id AND t.ts = g.ts
LEFT JOIN error_features e ON e.machine_id = g.machine_id AND e.ts = g.ts
LEFT JOIN replacement_features r ON r.machine_id = g.machine_id AND r.ts = g.ts
LEFT JOIN labels l ON l.machine_id = g.machine_id AND l.ts = g.ts
LEFT JOIN silver_machines m ON m.machine_id = g.machine_id;
