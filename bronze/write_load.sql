-- The load's file, written as the source file streams through: nothing is staged, so memory does
-- not grow with the file. Row numbers come with the reader.
COPY (
  SELECT {{projection}},
         $source_file AS _source_file,
         $sha256 AS _source_sha256,
         $load_id::BIGINT AS _load_id,
         __lakescore_line AS _row_number,
         $loaded_at::TIMESTAMP AS _loaded_at
  FROM ({{reader}})
  WHERE {{data_rows}}
) TO $out (FORMAT parquet, COMPRESSION zstd);
