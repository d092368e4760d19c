-- Gold rows of [from, to) with the encoded features and the label as known at the cutoff (the
-- rule of gold/label_rule.sql), so a model trained up to `to` never sees a failure after it.
-- After them: the asset's index in the range, the row's time and, for a failing row, the time of
-- the failure it leads to (what alert decisions are judged by), and whether the row's whole
-- horizon lies before the cutoff.
SELECT {{features}},
  gold_label(g.ts, $horizon_s, $label_cutoff::TIMESTAMP, f.ts, f.failure) AS label,
  (dense_rank() OVER (ORDER BY g.machine_id) - 1)::INTEGER AS asset,
  epoch_ms(g.ts)::DOUBLE AS ts_ms,
  CASE WHEN gold_label(g.ts, $horizon_s, $label_cutoff::TIMESTAMP, f.ts, f.failure) <> 'none' THEN epoch_ms(f.ts)::DOUBLE END AS failure_ms,
  g.ts + to_seconds($horizon_s::BIGINT) <= $label_cutoff::TIMESTAMP AS decided
FROM (SELECT * FROM gold_features WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP AND {{asset_group}}) g
ASOF LEFT JOIN gold_failure_times f ON g.machine_id = f.machine_id AND f.ts > g.ts
ORDER BY g.machine_id, g.ts;
