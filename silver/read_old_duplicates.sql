-- The previous duplicates of the months this build touches, each with the month of its file.
CREATE OR REPLACE TEMP TABLE old_duplicates AS
SELECT * EXCLUDE (filename), regexp_extract(filename, '_month=([^/]+)/', 1) AS _month
FROM read_parquet($files, filename = true, union_by_name = true);
