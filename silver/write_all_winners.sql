-- A full build's table: every winner, one file per partition.
COPY (
  SELECT {{columns}}, _load_id, _row_number, {{partition}} AS _part FROM ranked WHERE arrival_rank = 1 ORDER BY {{key}}
) TO $out (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_part));
