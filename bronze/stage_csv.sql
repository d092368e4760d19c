-- The dialect is pinned, not sniffed: sniffing guesses wrong on small or odd files, and a row
-- with too few or too many fields must reject the file with its line number.
CREATE OR REPLACE TEMP TABLE staged AS
SELECT *
FROM read_csv($path,
  header = true, delim = ',', quote = '"', escape = '"',
  auto_detect = false, strict_mode = true,
  columns = {{columns}});
