-- The partitions a build rewrites (sql/partitions.ts), one file each: this build's rows; the
-- previous rows there that it did not compute, as they were or, from their asset's label_from on,
-- with their label decided again (their features cannot have changed); previous_gold holds the
-- previous files of those partitions that the build reads. A build thus replaces exactly the
-- rows it computed and the labels it decided.
COPY (
  WITH previous AS (
    SELECT p.*, r.label_from FROM previous_gold p
    LEFT JOIN gold_scope s USING (machine_id)
    LEFT JOIN gold_relabel r USING (machine_id)
    WHERE s.from_ts IS NULL OR p.ts < s.from_ts OR p.ts >= $to::TIMESTAMP
  ),
  relabelled AS (
    SELECT p.* EXCLUDE (label_from) REPLACE (gold_label(p.ts, $horizon_s, $label_cutoff::TIMESTAMP, f.ts, f.failure) AS label)
    FROM (SELECT * FROM previous WHERE ts >= label_from AND ts < $to::TIMESTAMP) p
    ASOF LEFT JOIN gold_failure_times f ON p.machine_id = f.machine_id AND f.ts > p.ts
  )
  SELECT *, time_partition(ts) AS _part FROM gold_new
  UNION ALL BY NAME
  SELECT * EXCLUDE (label_from), time_partition(ts) AS _part FROM previous
  WHERE label_from IS NULL OR ts < label_from OR ts >= $to::TIMESTAMP
  UNION ALL BY NAME
  SELECT *, time_partition(ts) AS _part FROM relabelled
  ORDER BY machine_id, ts
) TO $out (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_part));
