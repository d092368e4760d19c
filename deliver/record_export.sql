-- exports is small and rewritten whole: every other export as it was, this one as it is now.
COPY (
  SELECT * FROM exports WHERE export_id <> $export_id
  UNION ALL
  SELECT $export_id::BIGINT, $target::VARCHAR, $table_name::VARCHAR, $mode::VARCHAR,
         $range_from::TIMESTAMP, $range_to::TIMESTAMP, $through_run::BIGINT, $row_count::BIGINT,
         $status::VARCHAR, $started_at::TIMESTAMP, $finished_at::TIMESTAMP, $error::VARCHAR
  ORDER BY export_id
) TO $out (FORMAT parquet);
