INSERT INTO build_rows BY NAME SELECT
  $build_id::BIGINT AS build_id, $table_name AS table_name, $bronze_rows::BIGINT AS bronze_rows, $silver_rows::BIGINT AS silver_rows,
  $exact_duplicates::BIGINT AS exact_duplicates, $conflicting_duplicates::BIGINT AS conflicting_duplicates,
  $quarantined::BIGINT AS quarantined, $last_load_id::BIGINT AS last_load_id,
  $started_at::TIMESTAMP AS started_at, $finished_at::TIMESTAMP AS finished_at, $fleet_hash AS fleet_hash;
