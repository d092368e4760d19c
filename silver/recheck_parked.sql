-- When this build's asset table knows machines the previous one did not, every row parked as
-- unknown_machine is checked again (it may name one of them).
INSERT INTO recheck
SELECT source_table, _load_id, _row_number FROM silver_quarantine
WHERE reason = 'unknown_machine'
  AND EXISTS (SELECT 1 FROM known_machines k WHERE k.machine_id NOT IN (SELECT machine_id FROM silver_machines));
