-- The first load of this content: published, or earlier in the batch being read.
SELECT load_id, file FROM (
  SELECT load_id, file, sha256, status FROM loads
  UNION ALL
  SELECT load_id, file, sha256, status FROM batch_loads
)
WHERE sha256 = $sha256 AND status = 'loaded'
ORDER BY load_id
LIMIT 1;
