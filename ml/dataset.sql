-- Gold rows of [from, to) with the encoded features and the label as known at the cutoff (the
-- rule of gold/label_rule.sql), so a model trained up to `to` never sees a failure after it.
SELECT {{features}},
  gold_label(g.ts, $horizon_s, $label_cutoff::TIMESTAMP, f.ts, f.failure) AS label
FROM (SELECT * FROM gold_features WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP) g
ASOF LEFT JOIN gold_failure_times f ON g.machine_id = f.machine_id AND f.ts > g.ts
ORDER BY g.machine_id, g.ts;
