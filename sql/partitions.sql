-- The partition a time belongs to (sql/partitions.ts): its month before the settled boundary,
-- its day from there on.
CREATE OR REPLACE TEMP TABLE partition_boundary AS SELECT $settled_before::TIMESTAMP AS settled_before;
CREATE OR REPLACE TEMP MACRO time_partition(t) AS
  CASE WHEN t < (SELECT settled_before FROM partition_boundary) THEN strftime(t, '%Y-%m') ELSE strftime(t, '%Y-%m-%d') END;
-- A partition key read back from a file's path, as the boundary places it now: a day of a
-- settled month moves to its month.
CREATE OR REPLACE TEMP MACRO partition_now(key) AS
  CASE WHEN key = 'all' THEN key ELSE time_partition(CAST(CASE WHEN length(key) = 7 THEN key || '-01' ELSE key END AS TIMESTAMP)) END;
