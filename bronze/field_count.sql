-- The first line, blank lines aside, whose number of whitespace-separated fields is not the header's.
SELECT __lakescore_line + $header_lines AS line, len(fields) AS fields
FROM ({{reader}})
WHERE {{data_rows}} AND len(fields) <> $expected
ORDER BY __lakescore_line
LIMIT 1;
