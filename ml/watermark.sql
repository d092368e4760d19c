SELECT max(watermark) AS watermark FROM score_runs WHERE model_name = $model_name AND status = 'succeeded';
