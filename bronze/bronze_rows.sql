-- rowid is the kept table's insertion order, which is the order of rows in the file; blank lines
-- of a whitespace-separated file are not rows, but keep their place in the numbering.
SELECT {{projection}},
       $source_file_{{n}}::VARCHAR AS _source_file,
       $sha256_{{n}}::VARCHAR AS _source_sha256,
       $load_id_{{n}}::BIGINT AS _load_id,
       rowid + 1 AS _row_number,
       $loaded_at_{{n}}::TIMESTAMP AS _loaded_at
FROM {{table}}
WHERE {{data_rows}}
