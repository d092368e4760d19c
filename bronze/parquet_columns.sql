-- A Parquet file's columns and their types, without reading its rows.
CREATE OR REPLACE TEMP TABLE parquet_columns AS SELECT * FROM read_parquet($path) LIMIT 0;
SELECT column_name, column_type FROM (DESCRIBE parquet_columns);
