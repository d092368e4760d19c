-- A full build's table: every winner, one file per month.
COPY (
  SELECT {{columns}}, _load_id, _row_number, {{month}} AS _month FROM ranked WHERE arrival_rank = 1 ORDER BY {{key}}
) TO $out (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_month));
