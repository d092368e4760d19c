-- The dialect is pinned, not sniffed: sniffing guesses wrong on small or odd files, and a row
-- with too few or too many fields must reject the file with its line number. Columns are named
-- by position (c1, c2, ...): the header's own names are matched in TypeScript, never spliced here.
CREATE OR REPLACE TEMP TABLE staged AS
SELECT *
FROM read_csv($path,
  header = $header, delim = $delim, quote = $quote, escape = $quote,
  auto_detect = false, strict_mode = true,
  columns = {{columns}});
