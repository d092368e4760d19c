-- One source's balance over the whole of silver after this build (the files it publishes):
-- every bronze row it ever loaded is a winner, a duplicate, or quarantined.
WITH own_loads AS (
  SELECT load_id, row_count FROM loads WHERE status = 'loaded' AND table_name = $source_table AND load_id <= $last_load_id
),
reasons AS (SELECT reason, count(*) AS n FROM next_silver_quarantine WHERE source_table = $source_table GROUP BY reason)
SELECT
  (SELECT coalesce(sum(row_count), 0) FROM own_loads) AS bronze_rows,
  (SELECT count(*) FROM {{next_table}} WHERE _load_id IN (SELECT load_id FROM own_loads)) AS silver_rows,
  (SELECT count(*) FROM next_silver_duplicates WHERE source_table = $source_table AND kind = 'exact') AS exact_duplicates,
  (SELECT count(*) FROM next_silver_duplicates WHERE source_table = $source_table AND kind = 'conflict') AS conflicting_duplicates,
  (SELECT coalesce(sum(n), 0) FROM reasons) AS quarantined,
  (SELECT coalesce(to_json(map_from_entries(list((reason, n) ORDER BY reason))), '{}') FROM reasons) AS reasons;
