-- The scaled settings of up to $limit readings of the fit range, for clustering: chosen by a hash
-- of the reading's key, so that the same silver gives the same sample whatever the thread count.
SELECT [{{scaled}}] AS point
FROM silver_telemetry t CROSS JOIN regime_fit f
WHERE t.ts >= $from::TIMESTAMP AND t.ts < $to::TIMESTAMP AND {{complete}}
ORDER BY hash(t.machine_id, t.ts), t.machine_id, t.ts
LIMIT $limit;
