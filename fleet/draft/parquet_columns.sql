-- A Parquet file's columns, from its metadata: files of one source have the same ones.
SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet($path));
