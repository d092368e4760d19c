SELECT load_id, file FROM loads WHERE sha256 = $sha256 AND status = 'loaded' ORDER BY load_id LIMIT 1;
