-- Attributes carried by the readings: each asset's values in its latest reading.
COPY (
  SELECT machine_id, {{latest}}, arg_max(_load_id, ts) AS _load_id, arg_max(_row_number, ts) AS _row_number
  FROM next_silver_telemetry
  GROUP BY machine_id
  ORDER BY machine_id
) TO $out (FORMAT parquet, COMPRESSION zstd);
