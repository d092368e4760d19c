-- A time to the minute, or to the millisecond when it is not on one: a scoring run recorded
-- before incremental ranges ended at the end of their last step (they ended 1 ms after their last
-- row) still shows where its range ends, not a range that ends where it starts.
CREATE OR REPLACE TEMP MACRO run_moment(t) AS
  CASE WHEN t = date_trunc('minute', t) THEN strftime(t, '%Y-%m-%d %H:%M') ELSE strftime(t, '%Y-%m-%d %H:%M:%S.%g') END;
CREATE OR REPLACE TEMP MACRO run_range(from_ts, to_ts) AS '[' || run_moment(from_ts) || ', ' || run_moment(to_ts) || ')';

-- Everything the lake has done, newest first: loads, silver and gold builds, trainings, scoring
-- runs, exports, failed steps of nightly runs; without loads, or only what failed, when asked.
SELECT * FROM (
  SELECT 'load' AS kind, load_id AS id, coalesce(table_name, '?') || ' <- ' || file AS what, status,
         row_count AS rows, started_at, finished_at, error
  FROM loads
  UNION ALL
  SELECT 'silver build', build_id, 'silver from bronze up to load ' || max(last_load_id), 'succeeded',
         sum(silver_rows), min(started_at), max(finished_at), NULL
  FROM silver_builds GROUP BY build_id
  UNION ALL
  SELECT 'gold build', build_id, 'gold [' || strftime(from_ts, '%Y-%m-%d') || ', ' || strftime(to_ts, '%Y-%m-%d') || ')', 'succeeded',
         row_count, started_at, finished_at, NULL
  FROM gold_builds
  UNION ALL
  SELECT 'training', version, name || '@' || version || CASE WHEN aliases <> '' THEN ' (' || aliases || ')' ELSE '' END, 'succeeded',
         rows_trained, created_at - to_microseconds(CAST(training_seconds * 1e6 AS BIGINT)), created_at, NULL
  FROM models
  UNION ALL
  SELECT 'scoring', run_id, model_name || '@' || model_version || ' ' || mode || ' ' || run_range(range_from, range_to),
         status, row_count, started_at, finished_at, error
  FROM score_runs
  UNION ALL
  SELECT 'export', export_id, table_name || ' at ' || target || ' ' || run_range(range_from, range_to)
         || CASE WHEN range_count > 1 THEN ' in ' || range_count || ' ranges' ELSE '' END,
         status, row_count, started_at, finished_at, error
  FROM exports
  UNION ALL
  SELECT 'run step', step_id, step || ' in lakescore run', status, NULL, started_at, finished_at, error
  FROM failed_steps
)
WHERE ($loads OR kind <> 'load') AND (NOT $failures_only OR status IN ('failed', 'rejected'))
ORDER BY started_at DESC NULLS LAST, kind, id DESC
LIMIT $limit;
