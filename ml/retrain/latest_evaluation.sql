-- When a model name's challenger was last judged: what says whether the nightly retrains again.
SELECT max(evaluated_at) AS latest FROM model_evaluations WHERE name = $name;
