-- Runs still marked running when a writer holds the lock belong to a process that died.
COPY (
  SELECT * REPLACE (
    CASE WHEN status = 'running' THEN 'failed' ELSE status END AS status,
    CASE WHEN status = 'running' THEN 'interrupted: the scoring process ended before it finished' ELSE error END AS error)
  FROM score_runs
  ORDER BY run_id
) TO $out (FORMAT parquet);
