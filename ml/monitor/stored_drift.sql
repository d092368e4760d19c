-- A model version's stored drift counts for the days in [$from, $to), oldest first.
SELECT epoch_ms(day_start)::DOUBLE AS day_ms, group_column, group_value, feature, kind,
       row_count, missing_count, bin_counts::VARCHAR AS bin_counts
FROM monitor_drift
WHERE model_name = $model_name AND model_version = $model_version
  AND day_start >= $from::TIMESTAMP AND day_start < $to::TIMESTAMP
ORDER BY day_start, run_id;
