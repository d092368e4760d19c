-- Fields separated by runs of whitespace: each line is read whole (the delimiter is a control
-- character no text line holds) and split, as bronze reads such files. Columns are named by
-- position, column0, column1, ..., as DuckDB names those of a headerless CSV file.
CREATE OR REPLACE TEMP TABLE draft_file_lines AS
SELECT string_split_regex(trim(line), '\s+') AS fields
FROM read_csv($path,
  header = false, delim = $delim, quote = '', escape = '',
  auto_detect = false, columns = {'line': 'VARCHAR'})
WHERE trim(line) <> ''
LIMIT $limit;

CREATE TEMP TABLE IF NOT EXISTS draft_long (rn BIGINT, part INTEGER, name VARCHAR, val VARCHAR);

-- rowid is the insertion order, which is the order of the lines in the file; the header, if
-- any, is the first line and is skipped. $offset keeps row numbers apart across files.
INSERT INTO draft_long
SELECT $offset + rowid AS rn, $part AS part, 'column' || (generate_subscripts(fields, 1) - 1) AS name, unnest(fields) AS val
FROM draft_file_lines
WHERE rowid >= $skip;
