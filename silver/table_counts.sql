SELECT
  (SELECT count(*) FROM {{checked}}) AS bronze_rows,
  (SELECT count(*) FROM ranked WHERE _source_index = {{source_index}} AND arrival_rank = 1) AS silver_rows,
  (SELECT count(*) FROM ranked WHERE _source_index = {{source_index}} AND arrival_rank > 1 AND same_as_kept) AS exact_duplicates,
  (SELECT count(*) FROM ranked WHERE _source_index = {{source_index}} AND arrival_rank > 1 AND NOT same_as_kept) AS conflicting_duplicates,
  (SELECT count(*) FROM {{checked}} WHERE reason IS NOT NULL) AS quarantined,
  (SELECT coalesce(to_json(map_from_entries(list((reason, n) ORDER BY reason))), '{}')
     FROM (SELECT reason, count(*) AS n FROM {{checked}} WHERE reason IS NOT NULL GROUP BY reason)) AS reasons;
