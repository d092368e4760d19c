CREATE OR REPLACE TEMP TABLE quarantine_all AS SELECT * FROM silver_quarantine WHERE false;
CREATE OR REPLACE TEMP TABLE duplicates_all AS SELECT * FROM silver_duplicates WHERE false;
CREATE OR REPLACE TEMP TABLE build_rows ({{build_columns}});
