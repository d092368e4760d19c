-- The readings gold's windows read, under regimes: each normalised sensor less its regime's mean,
-- over its regime's deviation (or 1 where the fit saw it not vary); NULL without a regime.
CREATE OR REPLACE TEMP VIEW gold_readings AS
SELECT t.machine_id, t.ts, {{sensors}}, t.regime
FROM regime_readings t CROSS JOIN regime_fit f;
