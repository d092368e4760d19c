-- The previous winners of touched keys, from bronze (silver keeps no raw values): a newer row
-- makes each a duplicate, which the duplicates table records with its raw values.
CREATE OR REPLACE TEMP VIEW {{refetched}} AS
SELECT b.* FROM {{bronze}} b
SEMI JOIN (SELECT _load_id, _row_number FROM {{previous}} SEMI JOIN touched USING ({{key}})) w
  ON b._load_id = w._load_id AND b._row_number = w._row_number;
