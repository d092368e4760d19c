-- Every row in alert of the shown results before the window's end, since the first, with the row
-- before it of the same asset: all that walking the episodes needs (docs/decisions.md#episodes),
-- without the rows not in alert between them. Assets as dense indexes, times as epoch ms.
WITH shown AS (
  SELECT machine_id, ts, in_alert, lag(ts) OVER w AS before_ts, lag(in_alert) OVER w AS before_in_alert
  FROM report_results
  WHERE ts < $window_end::TIMESTAMP
  WINDOW w AS (PARTITION BY machine_id ORDER BY ts)
)
SELECT (dense_rank() OVER (ORDER BY machine_id) - 1)::INTEGER AS asset,
       epoch_ms(ts)::DOUBLE AS ts_ms, epoch_ms(before_ts)::DOUBLE AS before_ms, before_in_alert
FROM shown
WHERE in_alert
ORDER BY machine_id, ts;
