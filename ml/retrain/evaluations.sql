-- The newest retrain decisions, of every name or of those one model version took part in.
SELECT evaluation_id, evaluated_at, challenger, champion, metric,
       round(challenger_value, 4) AS challenger_value, round(champion_value, 4) AS champion_value,
       holdout_from, holdout_to, holdout_rows, promoted, reason
FROM model_evaluations
WHERE $model::VARCHAR IS NULL OR challenger = $model::VARCHAR OR champion = $model::VARCHAR
ORDER BY evaluation_id DESC
LIMIT $limit;
