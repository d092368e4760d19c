-- A bounded sample of a delimited file, every value as text: the draft judges the values itself
-- rather than the types DuckDB would guess. The dialect was told in dialect.ts; broken
-- lines are skipped because a draft should describe a file even when a few lines of it are bad.
CREATE OR REPLACE TEMP TABLE draft_file_rows AS
SELECT *
FROM read_csv($path,
  header = $header, delim = $delim, quote = '"', escape = '"',
  all_varchar = true, null_padding = true, ignore_errors = true)
LIMIT $limit;
