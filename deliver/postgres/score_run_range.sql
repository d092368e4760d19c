-- The range a successful scoring run covered: the run named, or the newest.
SELECT run_id, range_from, range_to FROM score_runs
WHERE status = 'succeeded' AND ($run_id IS NULL OR run_id = $run_id)
ORDER BY run_id DESC
LIMIT 1;
