-- The values one column takes in every row of every file of a source, not just the sample's:
-- a failure flag is set on one reading in thousands, and may be set in none of the sampled ones.
-- Only that column is read (COLUMNS picks it by name, bound, at planning time).
SELECT DISTINCT lower(trim(COLUMNS(c -> c = $column))) AS val
FROM read_csv($paths::VARCHAR[],
  header = $header, delim = $delim, quote = '"', escape = '"',
  all_varchar = true, null_padding = true, ignore_errors = true)
LIMIT $most;
