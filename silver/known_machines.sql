CREATE OR REPLACE TEMP TABLE known_machines AS SELECT machine_id FROM ranked WHERE arrival_rank = 1;
