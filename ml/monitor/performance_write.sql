-- One night's per-day figures, appended to monitor_performance as one file.
COPY (
  SELECT $night::BIGINT AS night, $judged_at::TIMESTAMP AS judged_at, $matured_to::TIMESTAMP AS matured_to,
    model_name, model_version, DATE '1970-01-01' + day_number AS day,
    rows_judged, positives, brier_sum, asset_days, risk_bins_positive, risk_bins_negative,
    tp, fp, fn, tn, failures, caught, lead_hours, episodes, false_episodes
  FROM performance_days
  ORDER BY model_name, model_version, day
) TO $out (FORMAT parquet, COMPRESSION zstd);
