-- What one table's build collects before it writes its files.
CREATE OR REPLACE TEMP TABLE quarantine_new AS SELECT * FROM silver_quarantine WHERE false;
CREATE OR REPLACE TEMP TABLE duplicates_new AS SELECT *, NULL::VARCHAR AS _part FROM silver_duplicates WHERE false;
CREATE OR REPLACE TEMP TABLE reranked (_load_id BIGINT, _row_number BIGINT);
