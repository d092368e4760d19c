-- As flag_values_csv.sql, for Parquet files.
SELECT DISTINCT lower(trim(CAST(COLUMNS(c -> c = $column) AS VARCHAR))) AS val
FROM read_parquet($paths::VARCHAR[])
LIMIT $most;
