-- Rows still marked running when a writer holds the lock belong to a process that died.
COPY (
  SELECT * REPLACE (
    CASE WHEN status = 'running' THEN 'failed' ELSE status END AS status,
    CASE WHEN status = 'running' THEN $message ELSE error END AS error)
  FROM {{table}}
  ORDER BY {{id}}
) TO $out (FORMAT parquet);
