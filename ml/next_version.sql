-- After the newest version the name ever had: its counter, or the registry's newest for a lake
-- whose registry was written before versions were counted.
SELECT greatest(coalesce(max(version), 0), $last_version::INTEGER) + 1 AS version FROM models WHERE name = $name;
