INSERT INTO quarantine_new
SELECT $source_table, reason, {{raw_json}}, _source_file, _source_sha256, _load_id, _row_number, _loaded_at
FROM {{checked}} WHERE reason IS NOT NULL;

INSERT INTO duplicates_new
SELECT $source_table, CASE WHEN r.same_as_kept THEN 'exact' ELSE 'conflict' END, {{raw_json}},
       r._source_file, r._source_sha256, r._load_id, r._row_number, r._loaded_at, r.kept_load_id, r.kept_row_number,
       {{partition}} AS _part
FROM ranked r
JOIN {{checked}} ON {{checked}}._load_id = r._load_id AND {{checked}}._row_number = r._row_number
WHERE r.arrival_rank > 1 AND r._source_index = {{source_index}};
