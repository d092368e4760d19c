-- Rows silver set aside, by reason and source, the most frequent reason first.
WITH counts AS (
  SELECT reason, source_table AS source, count(*) AS rows FROM silver_quarantine GROUP BY ALL
),
totals AS (SELECT reason, sum(rows) AS reason_rows FROM counts GROUP BY reason)
SELECT reason, source, rows
FROM counts JOIN totals USING (reason)
ORDER BY reason_rows DESC, reason, source;
