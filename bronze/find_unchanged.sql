-- A file loaded before that is still there as it was: the same path, size and modification time
-- (to the nanosecond). A file rewritten in place gets a new modification time and is read again.
SELECT load_id FROM loads
WHERE status = 'loaded' AND file = $file AND file_bytes = $bytes AND file_modified_ns = $modified_ns
ORDER BY load_id LIMIT 1;
