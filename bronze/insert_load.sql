-- A load of the open batch, published with the batch's other loads. BY NAME, as `loads` may have
-- been declared with its columns in another order.
INSERT INTO batch_loads BY NAME
SELECT $load_id::BIGINT AS load_id, $file::VARCHAR AS file, $sha256::VARCHAR AS sha256, $table_name::VARCHAR AS table_name,
       $format::VARCHAR AS format, $row_count::BIGINT AS row_count, $status::VARCHAR AS status, $error::VARCHAR AS error,
       $started_at::TIMESTAMP AS started_at, $finished_at::TIMESTAMP AS finished_at, $ignored_columns::VARCHAR AS ignored_columns,
       $file_bytes::BIGINT AS file_bytes, $file_modified_ns::BIGINT AS file_modified_ns;
