-- The loads of the batch being read, with the columns of `loads`; none until the first file.
CREATE OR REPLACE TEMP TABLE batch_loads AS SELECT * FROM loads LIMIT 0;
