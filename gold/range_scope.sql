-- A range build: every asset with readings, from the range's start. gold_scope says, per asset,
-- from which grid time on its rows are rebuilt; earlier rows and other assets' rows stay.
CREATE OR REPLACE TEMP TABLE gold_scope AS
SELECT DISTINCT machine_id, $from::TIMESTAMP AS from_ts
FROM silver_telemetry;

-- every row a range build changes it computes whole: no row keeps its features with a new label
CREATE OR REPLACE TEMP TABLE gold_relabel AS SELECT machine_id, NULL::TIMESTAMP AS label_from FROM gold_scope WHERE false;
