-- Per day: how many assets were in alert, and the fleet's mean risk.
SELECT strftime(day, '%Y-%m-%d') AS day, count(*) FILTER (WHERE in_alert) AS in_alert, avg(risk) AS mean_risk
FROM report_daily_risk
GROUP BY day
ORDER BY day;
