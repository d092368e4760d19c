-- Every file loaded, as it was when loaded: path, size and modification time (loads recorded
-- before these columns have none, and are found by their content hash as before).
SELECT file, file_bytes, file_modified_ns, min(load_id) AS load_id
FROM loads
WHERE status = 'loaded' AND file_bytes IS NOT NULL AND file_modified_ns IS NOT NULL
GROUP BY ALL;
