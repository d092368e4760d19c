-- The machines most likely to lose a component within the horizon, as of their latest scored time.
WITH latest AS (
  SELECT * FROM results_latest
  QUALIFY row_number() OVER (PARTITION BY machine_id ORDER BY ts DESC) = 1
)
SELECT machine_id, ts, 1 - p_none AS risk,
       CASE greatest(p_comp1, p_comp2, p_comp3, p_comp4)
         WHEN p_comp1 THEN 'comp1' WHEN p_comp2 THEN 'comp2' WHEN p_comp3 THEN 'comp3' ELSE 'comp4' END AS component,
       greatest(p_comp1, p_comp2, p_comp3, p_comp4) AS component_probability
FROM latest
ORDER BY risk DESC, machine_id
LIMIT $limit;
