-- A month the build covers in part: this build's rows, plus the rows of the month's previous file
-- outside the build's scope (other assets, and each asset's rows before its from_ts or from $to).
-- A build thus replaces exactly the rows it computed.
COPY (
  SELECT * FROM gold_new WHERE ts >= $month_start::TIMESTAMP AND ts < $month_end::TIMESTAMP
  UNION ALL BY NAME
  SELECT p.* FROM read_parquet($previous) p
  LEFT JOIN gold_scope s USING (machine_id)
  WHERE p.ts >= $month_start::TIMESTAMP AND p.ts < $month_end::TIMESTAMP
    AND (s.from_ts IS NULL OR p.ts < s.from_ts OR p.ts >= $to::TIMESTAMP)
  ORDER BY machine_id, ts
) TO $out (FORMAT parquet, COMPRESSION zstd);
