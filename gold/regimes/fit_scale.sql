-- The fit range's readings that have every setting: how many, and each setting's spread, the unit
-- a reading's distance to a regime's centre is measured in.
SELECT count(*) AS readings, [{{spreads}}] AS spreads
FROM silver_telemetry t
WHERE t.ts >= $from::TIMESTAMP AND t.ts < $to::TIMESTAMP AND {{complete}};
