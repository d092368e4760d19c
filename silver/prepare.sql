-- trim() takes spaces only; tabs and line ends around a value are as meaningless.
CREATE OR REPLACE TEMP MACRO silver_trim(x) AS trim(x, ' ' || chr(9) || chr(10) || chr(13));

CREATE OR REPLACE TEMP TABLE build_rows ({{build_columns}});

-- Rows parked as unknown_machine that this build checks again (filled once the asset table is built).
CREATE OR REPLACE TEMP TABLE recheck (source_table VARCHAR, _load_id BIGINT, _row_number BIGINT);
