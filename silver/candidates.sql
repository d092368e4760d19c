-- The bronze rows of one source a build checks: the loads after those the previous build saw,
-- and the rows it parked as unknown_machine, which more known machines may now admit (parked
-- rows are of earlier loads: a table built whole, with after = 0, reads them once, as new rows).
CREATE OR REPLACE TEMP VIEW {{candidates}} AS
SELECT * FROM {{bronze}} WHERE _load_id > {{after}}
UNION ALL
SELECT b.* FROM {{bronze}} b SEMI JOIN recheck r ON b._load_id = r._load_id AND b._row_number = r._row_number
WHERE b._load_id <= {{after}};
