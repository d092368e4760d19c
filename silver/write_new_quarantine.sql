COPY (
  SELECT * FROM quarantine_new WHERE (reason = 'unknown_machine') = $parked ORDER BY source_table, _load_id, _row_number
) TO $out (FORMAT parquet, COMPRESSION zstd);
