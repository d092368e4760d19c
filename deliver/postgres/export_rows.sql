-- The newest prediction per asset and time in [from, to), as CSV for PostgreSQL's COPY, into a
-- named pipe: written in place, never through a temporary file beside it.
COPY (
  SELECT {{columns}} FROM results_latest
  WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP
  ORDER BY machine_id, ts
) TO $out (FORMAT csv, HEADER false, USE_TMP_FILE false);
