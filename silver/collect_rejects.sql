INSERT INTO quarantine_all
SELECT $source_table, reason, {{raw_json}}, _source_file, _source_sha256, _load_id, _row_number, _loaded_at
FROM checked WHERE reason IS NOT NULL;

INSERT INTO duplicates_all
SELECT $source_table, CASE WHEN same_as_kept THEN 'exact' ELSE 'conflict' END, {{raw_json}},
       _source_file, _source_sha256, _load_id, _row_number, _loaded_at, kept_load_id, kept_row_number
FROM ranked WHERE arrival_rank > 1;
