-- Exports still marked running when a writer holds the lock belong to a process that died. Before
-- its COMMIT the server rolled the transaction back; after it, the rows are the range's rows, which
-- the next export of the range replaces with the same.
COPY (
  SELECT * REPLACE (
    CASE WHEN status = 'running' THEN 'failed' ELSE status END AS status,
    CASE WHEN status = 'running' THEN 'interrupted: the export process ended before it finished' ELSE error END AS error)
  FROM exports
  ORDER BY export_id
) TO $out (FORMAT parquet);
