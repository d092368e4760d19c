COPY (
  SELECT {{columns}}, _load_id, _row_number FROM ranked WHERE arrival_rank = 1 ORDER BY {{key}}
) TO $out (FORMAT parquet, COMPRESSION zstd);
