CREATE OR REPLACE TEMP TABLE staged AS
SELECT * FROM read_parquet($path);
