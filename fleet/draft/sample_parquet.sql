CREATE OR REPLACE TEMP TABLE draft_file_rows AS
SELECT * FROM read_parquet($path)
LIMIT $limit;
