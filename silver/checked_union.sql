-- The checked rows of every source that feeds one table, in the table's typed columns.
CREATE OR REPLACE TEMP VIEW checked AS
{{union}};
