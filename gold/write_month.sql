-- A month's partition wholly inside the rebuilt range: this build's rows only. The month's
-- previous file is not read, so rebuilding a month repairs it when that file is damaged.
COPY (
  SELECT * FROM gold_new WHERE ts >= $month_start::TIMESTAMP AND ts < $month_end::TIMESTAMP
  ORDER BY machine_id, ts
) TO $out (FORMAT parquet, COMPRESSION zstd);
