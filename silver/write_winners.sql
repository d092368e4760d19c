-- The partitions this build rewrites, one file each: the previous winners there of keys no new
-- row touched, and the winners of the touched keys.
COPY (
  SELECT {{columns}}, _load_id, _row_number, {{partition}} AS _part
  FROM previous_winners ANTI JOIN touched USING ({{key}})
  UNION ALL
  SELECT {{columns}}, _load_id, _row_number, {{partition}} AS _part FROM ranked WHERE arrival_rank = 1
  ORDER BY {{key}}
) TO $out (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_part));
