INSERT INTO build_rows VALUES (
  $build_id::BIGINT, $table_name, $bronze_rows::BIGINT, $silver_rows::BIGINT, $exact_duplicates::BIGINT,
  $conflicting_duplicates::BIGINT, $quarantined::BIGINT, $last_load_id::BIGINT, $started_at::TIMESTAMP, $finished_at::TIMESTAMP
);
