-- As flag_values_csv.sql, for fields separated by runs of whitespace: the column is picked by
-- position from each split line, and a header's name for it is not a value.
SELECT DISTINCT lower(string_split_regex(trim(line), '\s+')[$position]) AS val
FROM read_csv($paths::VARCHAR[],
  header = false, delim = $delim, quote = '', escape = '',
  auto_detect = false, columns = {'line': 'VARCHAR'})
WHERE trim(line) <> '' AND lower(string_split_regex(trim(line), '\s+')[$position]) <> lower($name)
LIMIT $most;
