-- The months this build touches, one file each: the previous winners of keys no new row
-- touched, and the winners of the touched keys.
COPY (
  SELECT {{columns}}, _load_id, _row_number, {{month}} AS _month
  FROM (SELECT * FROM {{previous}} WHERE ts >= $span_start::TIMESTAMP AND ts < $span_end::TIMESTAMP) p
  ANTI JOIN touched USING ({{key}})
  WHERE {{month}} IN (SELECT _month FROM touched)
  UNION ALL
  SELECT {{columns}}, _load_id, _row_number, {{month}} AS _month FROM ranked WHERE arrival_rank = 1
  ORDER BY {{key}}
) TO $out (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_month));
