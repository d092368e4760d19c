-- The model versions with results the report does not show, newest model first.
SELECT model_name, model_version, count(*) AS predictions, strftime(max(ts), '%Y-%m-%d %H:%M') AS newest
FROM results ANTI JOIN report_model USING (model_name, model_version)
GROUP BY ALL
ORDER BY model_name, model_version DESC;
