SELECT coalesce(max(load_id), 0) AS last_load_id FROM loads WHERE status = 'loaded';
