-- The definitions table is small and rewritten whole: the earlier versions plus this one.
COPY (
  SELECT * FROM fleet_definitions
  UNION ALL BY NAME
  SELECT $version::INTEGER AS version, $hash::VARCHAR AS hash, $text::VARCHAR AS text, $origin::VARCHAR AS origin,
         $command::VARCHAR AS command, $adopted_at::TIMESTAMP AS adopted_at
  ORDER BY version
) TO $out (FORMAT parquet);
