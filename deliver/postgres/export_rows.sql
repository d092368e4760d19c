-- The newest prediction per asset and time in [from, to), as CSV for PostgreSQL's COPY.
COPY (
  SELECT {{columns}} FROM results_latest
  WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP
  ORDER BY machine_id, ts
) TO $out (FORMAT csv, HEADER false);
