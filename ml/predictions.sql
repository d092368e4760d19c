-- The gold rows being scored, numbered in the order the dataset reads them; predictions refer to
-- them by that number, whatever type the fleet's asset ids have.
CREATE OR REPLACE TEMP TABLE scoring_keys AS
SELECT row_number() OVER (ORDER BY machine_id, ts) - 1 AS r, machine_id, ts
FROM gold_features
WHERE ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP;

CREATE OR REPLACE TEMP TABLE predictions (r BIGINT, {{probabilities}}, predicted VARCHAR, risk DOUBLE, alert BOOLEAN, diagnosis VARCHAR);
