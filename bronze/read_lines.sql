-- Fields separated by runs of whitespace: each line is read whole ($delim is a control character
-- no text line holds) and split. Blank lines are numbered too, so row numbers stay line numbers.
SELECT string_split_regex(trim(line, ' ' || chr(9) || chr(13)), '\s+') AS fields, row_number() OVER () AS __lakescore_line
FROM read_csv($path,
  header = $header, delim = $delim, quote = '', escape = '',
  auto_detect = false, strict_mode = true,
  columns = {'line': 'VARCHAR'})
