-- Only successful runs have files in `results`, so the newest run per key is the one to show.
SELECT * FROM results
QUALIFY row_number() OVER (PARTITION BY machine_id, ts ORDER BY run_id DESC) = 1
