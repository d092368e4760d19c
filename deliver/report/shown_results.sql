-- The results the report's risk sections show: the given model version's alone, its newest run
-- per (machine_id, ts). results_latest would mix in whichever model scored a key last.
CREATE OR REPLACE TEMP TABLE report_model AS SELECT $model_name::VARCHAR AS model_name, $model_version::INTEGER AS model_version;
CREATE OR REPLACE TEMP VIEW report_results AS
SELECT * FROM results SEMI JOIN report_model USING (model_name, model_version)
QUALIFY row_number() OVER (PARTITION BY machine_id, ts ORDER BY run_id DESC) = 1;
