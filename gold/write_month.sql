-- A month's partition: the new rows of the rebuilt range, plus the rows of that month outside it,
-- kept from the previous partition. Rebuilding a range thus replaces exactly that range.
COPY (
  SELECT * FROM gold_new WHERE ts >= $month_start::TIMESTAMP AND ts < $month_end::TIMESTAMP
  UNION ALL
  SELECT * FROM gold_features
  WHERE ts >= $month_start::TIMESTAMP AND ts < $month_end::TIMESTAMP
    AND NOT (ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP)
  ORDER BY machine_id, ts
) TO $out (FORMAT parquet, COMPRESSION zstd);
