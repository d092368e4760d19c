-- The previous duplicates of the rewritten partitions as bronze rows again, their raw values taken
-- back out of raw_values, so that they are checked and ranked with the new rows.
CREATE OR REPLACE TEMP TABLE {{parsed}} AS
SELECT {{columns}}, _source_file, _source_sha256, _load_id, _row_number, _loaded_at
FROM old_duplicates WHERE source_table = $source_table;
