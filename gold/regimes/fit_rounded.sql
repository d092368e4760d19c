-- Regimes told by rounding: every combination of rounded settings in the fit range is one, in
-- the order of the combinations; its centre is the mean of its readings' scaled settings.
SELECT [{{rounded}}] AS key, count(*) AS readings, [{{scaled_means}}] AS centre
FROM silver_telemetry t CROSS JOIN regime_fit f
WHERE t.ts >= $from::TIMESTAMP AND t.ts < $to::TIMESTAMP AND {{complete}}
GROUP BY ALL
ORDER BY key;
