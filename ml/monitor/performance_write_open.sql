-- The open events after this night, rewritten whole: those of the versions judged tonight as the
-- night left them, the others' as they were.
COPY (
  SELECT $night::BIGINT AS night, model_name, model_version, asset_key,
    epoch_ms(episode_start_ms::BIGINT) AS episode_start, epoch_ms(episode_last_ms::BIGINT) AS episode_last, episode_positive,
    epoch_ms(failure_ms::BIGINT) AS failure_at, epoch_ms(failure_first_alert_ms::BIGINT) AS failure_first_alert
  FROM performance_open_now
  UNION ALL BY NAME
  SELECT * FROM monitor_performance_open o
  WHERE NOT EXISTS (SELECT 1 FROM performance_days d WHERE d.model_name = o.model_name AND d.model_version = o.model_version)
  ORDER BY model_name, model_version, asset_key
) TO $out (FORMAT parquet, COMPRESSION zstd);
