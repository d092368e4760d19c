-- One file's sample joins its source's, tagged with its part (the files of one name): columns
-- are matched by name, and rowid goes on counting, so rows keep their order across files.
CREATE TEMP TABLE IF NOT EXISTS draft_rows AS
SELECT $part::INTEGER AS __draft_part, * FROM draft_file_rows LIMIT 0;

INSERT INTO draft_rows BY NAME
SELECT $part::INTEGER AS __draft_part, * FROM draft_file_rows;
