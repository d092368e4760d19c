-- The newest silver build's balance per source: every bronze row is in silver, a duplicate, or quarantined.
SELECT table_name AS source, bronze_rows, silver_rows, exact_duplicates + conflicting_duplicates AS duplicates, quarantined,
       bronze_rows = silver_rows + exact_duplicates + conflicting_duplicates + quarantined AS balanced,
       build_id, strftime(finished_at, '%Y-%m-%d %H:%M') AS built_at
FROM silver_builds
WHERE build_id = (SELECT max(build_id) FROM silver_builds)
ORDER BY table_name;
