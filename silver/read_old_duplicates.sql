-- The previous duplicates of the partitions this build rewrites, each with the partition it goes
-- to now (its file's, or that day's month once the month settled).
CREATE OR REPLACE TEMP TABLE old_duplicates AS
SELECT * EXCLUDE (filename), partition_now(regexp_extract(filename, '_part=([^/]+)/', 1)) AS _part
FROM read_parquet($files, filename = true, union_by_name = true);
