-- The three datetime forms of SPEC.md section 2: ISO-like with a space, ISO 8601 with T and an
-- optional Z, and the US form of older copies of the data set.
CREATE OR REPLACE TEMP MACRO silver_parse_ts(text) AS
  try_strptime(trim(text), ['%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%SZ', '%m/%d/%Y %I:%M:%S %p']);

CREATE OR REPLACE TEMP TABLE quarantine_all AS SELECT * FROM silver_quarantine WHERE false;
CREATE OR REPLACE TEMP TABLE duplicates_all AS SELECT * FROM silver_duplicates WHERE false;
CREATE OR REPLACE TEMP TABLE build_rows AS SELECT * FROM silver_builds WHERE false;
