-- docs/regimes.md (telling a reading's regime): silver's readings with their regime, from their
-- settings: the fitted regime of the rounded settings or, when there is none (or the regimes are
-- clusters), the nearest centre where the definition says so. A reading missing a setting has
-- none: its key and point are NULL, and so is every distance from it.
CREATE OR REPLACE TEMP VIEW regime_readings AS
WITH placed AS (
  SELECT t.*, f.keys AS regime_keys, f.centres AS regime_centres,
         CASE WHEN {{complete}} THEN [{{rounded}}] END AS regime_key,
         CASE WHEN {{complete}} THEN [{{scaled}}] END AS regime_point
  FROM silver_telemetry t CROSS JOIN regime_fit f
)
SELECT * EXCLUDE (regime_keys, regime_centres, regime_key, regime_point),
       -- list_position finds a NULL in a list of NULLs: a reading without a point is kept out first
       CASE WHEN t.regime_point IS NOT NULL THEN {{regime}} END AS regime
FROM placed t;
