-- Per regime, over the fit range: its readings, and the mean and sample deviation of each
-- sensor normalised within it.
SELECT regime, count(*) AS readings, [{{means}}] AS means, [{{sds}}] AS sds
FROM regime_readings t
WHERE t.ts >= $from::TIMESTAMP AND t.ts < $to::TIMESTAMP AND regime IS NOT NULL
GROUP BY regime
ORDER BY regime;
