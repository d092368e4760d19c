-- Per day: how many assets reached the high-risk mark, and the fleet's mean risk.
SELECT strftime(day, '%Y-%m-%d') AS day, count(*) FILTER (WHERE risk >= $high) AS high, avg(risk) AS mean_risk
FROM report_daily_risk
GROUP BY day
ORDER BY day;
