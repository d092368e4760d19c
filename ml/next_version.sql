SELECT coalesce(max(version), 0) + 1 AS version FROM models WHERE name = $name;
