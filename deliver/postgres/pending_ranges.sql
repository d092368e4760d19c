-- What the nightly export to one target table has not yet delivered: the range of every successful
-- scoring run after the newest run its last successful nightly export included. Exports keep this
-- watermark of their own, so a night whose export failed is caught up by the next.
WITH delivered AS (
  SELECT coalesce(max(through_run), 0) AS run_id FROM exports
  WHERE target = $target AND table_name = $table_name AND mode = 'nightly' AND status = 'succeeded'
)
SELECT s.run_id, s.range_from, s.range_to
FROM score_runs s, delivered d
WHERE s.status = 'succeeded' AND s.run_id > d.run_id
ORDER BY s.range_from;
