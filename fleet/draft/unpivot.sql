-- The sample as (row, column, value): one shape for every file, so that the profile below needs
-- no column names in its text. rowid keeps the order of the rows in the file.
CREATE OR REPLACE TEMP TABLE draft_long AS
SELECT __draft_rn AS rn, name, val
FROM (
  UNPIVOT (SELECT rowid AS __draft_rn, COLUMNS(*)::VARCHAR FROM draft_rows)
  ON COLUMNS(* EXCLUDE __draft_rn) INTO NAME name VALUE val
);

SELECT column_name FROM (DESCRIBE draft_rows);
