CREATE OR REPLACE TEMP TABLE labels AS
SELECT g.machine_id, g.ts, gold_label(g.ts, $horizon_s, $label_cutoff::TIMESTAMP, f.ts, f.failure) AS label
FROM grid g
ASOF LEFT JOIN gold_failure_times f ON g.machine_id = f.machine_id AND f.ts > g.ts;
