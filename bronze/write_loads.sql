-- A batch's loads, one file per batch: `loads` is its files together, each written once.
COPY (SELECT * FROM batch_loads ORDER BY load_id) TO $out (FORMAT parquet);
