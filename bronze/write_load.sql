-- rowid is the staged table's insertion order, which is the order of rows in the file; blank lines
-- of a whitespace-separated file are not rows, but keep their place in the numbering.
COPY (
  SELECT {{projection}},
         $source_file AS _source_file,
         $sha256 AS _source_sha256,
         $load_id::BIGINT AS _load_id,
         rowid + 1 AS _row_number,
         $loaded_at::TIMESTAMP AS _loaded_at
  FROM staged
  WHERE {{data_rows}}
) TO $out (FORMAT parquet, COMPRESSION zstd);
SELECT count(*) AS row_count FROM staged WHERE {{data_rows}};
