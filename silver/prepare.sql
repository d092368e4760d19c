-- trim() takes spaces only; tabs and line ends around a value are as meaningless.
CREATE OR REPLACE TEMP MACRO silver_trim(x) AS trim(x, ' ' || chr(9) || chr(10) || chr(13));

CREATE OR REPLACE TEMP TABLE quarantine_all AS SELECT * FROM silver_quarantine WHERE false;
CREATE OR REPLACE TEMP TABLE duplicates_all AS SELECT * FROM silver_duplicates WHERE false;
CREATE OR REPLACE TEMP TABLE build_rows ({{build_columns}});
