CREATE OR REPLACE TEMP TABLE draft_rows AS
SELECT * FROM read_parquet($path)
LIMIT $limit;
