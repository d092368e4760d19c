-- Fields separated by runs of whitespace: each line is read whole (the delimiter is a control
-- character no text line holds) and split, as bronze reads such files. Columns are named by
-- position, column0, column1, ..., as DuckDB names those of a headerless CSV file.
CREATE OR REPLACE TEMP TABLE draft_lines AS
SELECT string_split_regex(trim(line), '\s+') AS fields
FROM read_csv($path,
  header = false, delim = $delim, quote = '', escape = '',
  auto_detect = false, columns = {'line': 'VARCHAR'})
WHERE trim(line) <> ''
LIMIT $limit;

-- rowid is the insertion order, which is the order of the lines in the file; the header, if
-- any, is the first line and is skipped.
CREATE OR REPLACE TEMP TABLE draft_long AS
SELECT rowid AS rn, 'column' || (generate_subscripts(fields, 1) - 1) AS name, unnest(fields) AS val
FROM draft_lines
WHERE rowid >= $skip;
