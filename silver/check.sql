-- Every bronze row of one source, parsed, with the first reason it cannot be trusted (NULL when it can).
CREATE OR REPLACE TEMP TABLE {{checked}} AS
WITH raw AS (
  SELECT {{raw}}, _source_file, _source_sha256, _load_id, _row_number, _loaded_at FROM {{bronze}}
),
typed AS (
  SELECT *, {{typed}} FROM raw
)
SELECT *, {{reason}} AS reason, {{source_index}} AS _source_index FROM typed;
