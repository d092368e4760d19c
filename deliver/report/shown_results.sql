-- The results the report's risk sections show: the given model version's alone, its newest run
-- per (machine_id, ts). results_latest would mix in whichever model scored a key last. Risk is
-- computed for rows written before results carried it; in_alert is the row's alert by the
-- model's rule, or for a row scored without one, risk at or above $high.
CREATE OR REPLACE TEMP TABLE report_model AS
SELECT $model_name::VARCHAR AS model_name, $model_version::INTEGER AS model_version, $high::DOUBLE AS high;
CREATE OR REPLACE TEMP VIEW report_results AS
SELECT * REPLACE ({{risk}} AS risk), coalesce(alert, {{risk}} >= (SELECT high FROM report_model)) AS in_alert
FROM results SEMI JOIN report_model USING (model_name, model_version)
QUALIFY row_number() OVER (PARTITION BY machine_id, ts ORDER BY run_id DESC) = 1;
