-- The assets whose risk peaked highest in the window (among equal peaks, the longer at risk),
-- riskiest first, with their risk per day; days and assets as indexes (days from the window's
-- first scored day) to keep the page small.
WITH riskiest AS (
  SELECT machine_id, max(risk) AS peak, sum(risk) AS total FROM report_daily_risk
  GROUP BY machine_id
  ORDER BY peak DESC, total DESC, machine_id
  LIMIT $assets
)
SELECT CAST(machine_id AS VARCHAR) AS asset,
       dense_rank() OVER (ORDER BY peak DESC, total DESC, machine_id) - 1 AS asset_index,
       date_diff('day', (SELECT min(day) FROM report_daily_risk), day) AS day_index,
       risk
FROM report_daily_risk JOIN riskiest USING (machine_id)
ORDER BY asset_index, day;
