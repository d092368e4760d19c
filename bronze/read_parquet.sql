-- A Parquet file as DuckDB streams it, each row with its number in the file.
SELECT *, file_row_number + 1 AS __lakescore_line FROM read_parquet($path, file_row_number = true)
