-- A table's duplicates in the partitions this build rewrites: the previous ones that were not ranked
-- again, as they were, and those the ranking gives.
COPY (
  SELECT * FROM old_duplicates ANTI JOIN reranked USING (_load_id, _row_number)
  UNION ALL BY NAME
  SELECT * FROM duplicates_new
  ORDER BY source_table, _load_id, _row_number
) TO $out (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_part));
