-- The model versions with drift stored for days in [$from, $to), optionally of one name or version.
SELECT DISTINCT model_name, model_version
FROM monitor_drift
WHERE day_start >= $from::TIMESTAMP AND day_start < $to::TIMESTAMP
  AND ($model_name::VARCHAR IS NULL OR model_name = $model_name)
  AND ($model_version::INTEGER IS NULL OR model_version = $model_version)
ORDER BY model_name, model_version;
