-- The first line, blank lines aside, whose number of whitespace-separated fields is not the header's.
SELECT rowid + 1 + $header_lines AS line, len(fields) AS fields
FROM staged
WHERE {{data_rows}} AND len(fields) <> $expected
ORDER BY rowid
LIMIT 1;
