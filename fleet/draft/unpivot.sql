-- The sample as (row, part, column, value): one shape for every file, so that the profile below
-- needs no column names in its text. rowid keeps the order of the rows in the files.
CREATE OR REPLACE TEMP TABLE draft_long AS
SELECT __draft_rn AS rn, __draft_part AS part, name, val
FROM (
  UNPIVOT (SELECT rowid AS __draft_rn, __draft_part, COLUMNS(* EXCLUDE __draft_part)::VARCHAR FROM draft_rows)
  ON COLUMNS(* EXCLUDE (__draft_rn, __draft_part)) INTO NAME name VALUE val
);

SELECT column_name FROM (DESCRIBE draft_rows) WHERE column_name <> '__draft_part';
