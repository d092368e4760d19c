-- docs/regimes.md (telling a reading's regime): silver's readings with their regime, from their
-- settings: the fitted regime of the rounded settings or, when there is none (or the regimes are
-- clusters), the nearest centre where the definition says so. A reading missing a setting has none.
CREATE OR REPLACE TEMP VIEW regime_readings AS
WITH placed AS (
  SELECT t.*, f.keys AS regime_keys, f.centres AS regime_centres,
         [{{rounded}}] AS regime_key, [{{scaled}}] AS regime_point
  FROM silver_telemetry t CROSS JOIN regime_fit f
)
SELECT * EXCLUDE (regime_keys, regime_centres, regime_key, regime_point),
       CASE WHEN {{complete}} THEN {{regime}} END AS regime
FROM placed t;
