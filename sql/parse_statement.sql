-- What DuckDB's parser alone makes of a user's query: nothing is bound, opened or created. Only
-- SELECT statements (WITH, FROM, DESCRIBE, SUMMARIZE, SHOW, VALUES, UNION, ...) serialize; any
-- other statement, and a syntax error, comes back as an error instead.
WITH parsed AS (SELECT json_serialize_sql($text::VARCHAR)::JSON AS tree)
SELECT
  coalesce((tree->>'error')::BOOLEAN, true) AS refused,
  tree->>'error_type' AS error_type,
  tree->>'error_message' AS reason,
  coalesce(json_array_length(tree->'statements'), 0) AS statements
FROM parsed;
