-- The first line whose number of whitespace-separated fields is not the header's.
SELECT rowid + 1 + $header_lines AS line, len(fields) AS fields
FROM staged
WHERE coalesce(len(fields), 0) <> $expected
ORDER BY rowid
LIMIT 1;
