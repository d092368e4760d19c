-- silver_builds is small and rewritten whole: earlier builds plus this one's rows.
COPY (
  SELECT * FROM silver_builds
  UNION ALL BY NAME
  SELECT * FROM build_rows
  ORDER BY build_id, table_name
) TO $out (FORMAT parquet);
