-- Only incremental runs move the watermark: re-scoring a range by hand never makes the nightly
-- run skip or repeat anything.
SELECT max(watermark) AS watermark FROM score_runs
WHERE model_name = $model_name AND mode = 'incremental' AND status = 'succeeded';
