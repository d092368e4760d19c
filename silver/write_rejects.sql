COPY (SELECT * FROM quarantine_all ORDER BY source_table, _load_id, _row_number) TO $quarantine_out (FORMAT parquet, COMPRESSION zstd);
COPY (SELECT * FROM duplicates_all ORDER BY source_table, _load_id, _row_number) TO $duplicates_out (FORMAT parquet, COMPRESSION zstd);
