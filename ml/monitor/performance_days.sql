-- docs/monitoring.md (realised performance): the per-day figures of the days [$from, $to), of one
-- model name (or version) or of all; a day judged over several nights has a row for each.
SELECT model_name, model_version, (day - DATE '1970-01-01')::INTEGER AS day_number,
  rows_judged, positives, brier_sum, asset_days, risk_bins_positive, risk_bins_negative,
  tp, fp, fn, tn, failures, caught, lead_hours, episodes, false_episodes
FROM monitor_performance
WHERE day >= $from::DATE AND day < $to::DATE
  AND ($model_name::VARCHAR IS NULL OR model_name = $model_name::VARCHAR)
  AND ($model_version::INTEGER IS NULL OR model_version = $model_version::INTEGER)
ORDER BY model_name, model_version, day, night;
