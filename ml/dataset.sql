-- Gold rows of [from, to) with the encoded features; the label is unknown when ts + horizon lies
-- past the cutoff, so a model trained up to `to` never sees a failure after it.
SELECT machine_id, epoch_ms(ts) AS ts_ms,
  {{features}},
  CASE WHEN ts + to_hours($horizon_hours::BIGINT) > $label_cutoff::TIMESTAMP THEN NULL ELSE label END AS label
FROM gold_features
WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP
ORDER BY machine_id, ts;
