CREATE OR REPLACE TEMP TABLE old_duplicates AS SELECT *, NULL::VARCHAR AS _part FROM silver_duplicates WHERE false;
