-- The keys this build's valid rows carry, with their partition: only they can change a winner or
-- a duplicate. A full build touches every key and lists none.
CREATE OR REPLACE TEMP TABLE touched AS
SELECT DISTINCT {{key}}, {{partition}} AS _part FROM checked WHERE {{valid}};
