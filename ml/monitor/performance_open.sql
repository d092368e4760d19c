-- What the nights before left open for one model version: alert episodes that may still gain rows
-- and failures whose warning rows are not all judged yet.
SELECT asset_key,
  epoch_ms(episode_start)::DOUBLE AS episode_start_ms, epoch_ms(episode_last)::DOUBLE AS episode_last_ms, episode_positive,
  epoch_ms(failure_at)::DOUBLE AS failure_ms, epoch_ms(failure_first_alert)::DOUBLE AS failure_first_alert_ms
FROM monitor_performance_open
WHERE model_name = $model_name AND model_version = $model_version;
