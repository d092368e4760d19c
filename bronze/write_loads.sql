-- The loads table with the batch's loads: one file, rewritten whole by each batch. It is small
-- (a row per file offered), and one file keeps every read of it one file's read however many
-- batches there were. BY NAME: loads written before a column was added read it as NULL.
COPY (
  SELECT * FROM loads
  UNION ALL BY NAME
  SELECT * FROM batch_loads
  ORDER BY load_id
) TO $out (FORMAT parquet);
