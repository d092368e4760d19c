-- The loads table is small and rewritten whole on every load, so it stays one file.
COPY (
  SELECT * FROM loads
  UNION ALL
  SELECT $load_id::BIGINT, $file::VARCHAR, $sha256::VARCHAR, $table_name::VARCHAR, $format::VARCHAR,
         $row_count::BIGINT, $status::VARCHAR, $error::VARCHAR, $started_at::TIMESTAMP, $finished_at::TIMESTAMP
  ORDER BY load_id
) TO $out (FORMAT parquet);
