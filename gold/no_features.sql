-- A kind of feature this fleet does not have: no rows, so the LEFT JOIN that assembles gold adds nothing.
CREATE OR REPLACE TEMP TABLE {{table}} AS SELECT machine_id, ts FROM grid WHERE false;
