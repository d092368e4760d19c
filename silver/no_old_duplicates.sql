CREATE OR REPLACE TEMP TABLE old_duplicates AS SELECT *, NULL::VARCHAR AS _month FROM silver_duplicates WHERE false;
