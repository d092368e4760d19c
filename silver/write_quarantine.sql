-- Quarantined rows of one table: settled ones (their reason stands whatever loads come), or the
-- parked unknown_machine ones (a machine loaded later admits them), with those kept from before.
COPY (
  SELECT * FROM quarantine_new WHERE (reason = 'unknown_machine') = $parked
  UNION ALL
  SELECT * FROM kept_quarantine
  ORDER BY source_table, _load_id, _row_number
) TO $out (FORMAT parquet, COMPRESSION zstd);
