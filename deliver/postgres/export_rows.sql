-- The newest prediction per asset and time in the ranges, as CSV for PostgreSQL's COPY, into a
-- named pipe: written in place, never through a temporary file beside it.
COPY (
  SELECT {{columns}} FROM results_latest
  WHERE {{ranges}}
  ORDER BY machine_id, ts
) TO $out (FORMAT csv, HEADER false, USE_TMP_FILE false);
