-- What the newest gold build's labels were decided by: the newest data of silver when it ran
-- (or the cutoff it was given), so that a test judged on gold never reads silver itself.
SELECT label_cutoff FROM gold_builds ORDER BY build_id DESC LIMIT 1;
