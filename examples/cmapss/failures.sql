-- The one preparation C-MAPSS needs: its failures are implicit. Each training engine fails at
-- its last cycle; each test engine at its last cycle plus its remaining useful life (RUL_FD001.txt,
-- line i for engine i). Written as two headerless files (unit, cycle) for the fleet definition.
CREATE MACRO engine_cycles(path) AS TABLE
  SELECT f[1]::INTEGER AS unit, f[2]::INTEGER AS cycle
  FROM (
    SELECT string_split_regex(trim(line), '\s+') AS f
    FROM read_csv(path, header = false, delim = '\x1f', quote = '', escape = '', columns = {'line': 'VARCHAR'})
  );

CREATE TABLE rul AS
SELECT * FROM read_csv($data || '/RUL_FD001.txt', header = false, columns = {'rul': 'INTEGER'});

COPY (SELECT unit, max(cycle) AS cycle FROM engine_cycles($data || '/train_FD001.txt.gz') GROUP BY unit ORDER BY unit)
TO ($out || '/train_failures.csv') (HEADER false);

COPY (
  SELECT t.unit, max(t.cycle) + any_value(r.rul) AS cycle
  FROM engine_cycles($data || '/test_FD001.txt.gz') t
  JOIN (SELECT rowid + 1 AS unit, rul FROM rul) r USING (unit)
  GROUP BY t.unit ORDER BY t.unit
) TO ($out || '/test_failures.csv') (HEADER false);
