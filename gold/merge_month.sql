-- A month the rebuilt range covers in part: this build's rows, plus the rows of the month's
-- previous file outside the range. Rebuilding a range thus replaces exactly that range.
COPY (
  SELECT * FROM gold_new WHERE ts >= $month_start::TIMESTAMP AND ts < $month_end::TIMESTAMP
  UNION ALL BY NAME
  SELECT * FROM read_parquet($previous)
  WHERE ts >= $month_start::TIMESTAMP AND ts < $month_end::TIMESTAMP
    AND NOT (ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP)
  ORDER BY machine_id, ts
) TO $out (FORMAT parquet, COMPRESSION zstd);
