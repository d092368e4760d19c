-- The assets most likely to fail within the horizon, as of their latest scored time (before
-- $before, when given), with the likeliest failure class.
WITH latest AS (
  SELECT * FROM results_latest
  WHERE $before::TIMESTAMP IS NULL OR ts < $before::TIMESTAMP
  QUALIFY row_number() OVER (PARTITION BY machine_id ORDER BY ts DESC) = 1
),
classes AS (
  SELECT machine_id, ts, {{risk}} AS risk, unnest([{{class_probabilities}}]) AS c FROM latest
)
SELECT machine_id, ts, risk,
       arg_max(c.label, {'p': c.p, 'earlier': -c.rank}) AS component, max(c.p) AS component_probability
FROM classes
GROUP BY machine_id, ts, risk
ORDER BY risk DESC, machine_id
LIMIT $limit;
