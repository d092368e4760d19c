-- Fields separated by runs of whitespace: each line is read whole ($delim is a control character
-- no text line holds) and split; a line with another number of fields rejects the file.
CREATE OR REPLACE TEMP TABLE staged AS
SELECT string_split_regex(trim(line, ' ' || chr(9) || chr(13)), '\s+') AS fields
FROM read_csv($path,
  header = $header, delim = $delim, quote = '', escape = '',
  auto_detect = false, strict_mode = true,
  columns = {'line': 'VARCHAR'});
