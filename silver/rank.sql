-- One row per key survives: the newest by load, then by row within the file. The others are
-- duplicates, exact when their values equal the survivor's.
CREATE OR REPLACE TEMP TABLE ranked AS
SELECT *,
  row_number() OVER newest AS arrival_rank,
  {{values}} IS NOT DISTINCT FROM first_value({{values}}) OVER newest AS same_as_kept,
  first_value(_load_id) OVER newest AS kept_load_id,
  first_value(_row_number) OVER newest AS kept_row_number
FROM checked
WHERE reason IS NULL
WINDOW newest AS (PARTITION BY {{key}} ORDER BY _load_id DESC, _row_number DESC);
