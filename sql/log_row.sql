-- A run log rewritten whole: every other row as it was, this one as it is now.
COPY (
  SELECT * FROM {{table}} WHERE {{id}} <> ${{id}}
  UNION ALL
  SELECT {{values}}
  ORDER BY {{id}}
) TO $out (FORMAT parquet);
