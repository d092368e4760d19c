-- docs/gold.md (label cutoff): a label is known when the data up to the cutoff decides it. The first failure
-- after ts (failure_ts, failure_class) gives the label if it falls within the horizon and at or
-- before the cutoff; otherwise the label is `none` once ts + horizon is at or before the cutoff.
CREATE OR REPLACE TEMP MACRO gold_label(ts, horizon_s, cutoff, failure_ts, failure_class) AS
  CASE
    WHEN failure_ts <= ts + to_seconds(horizon_s::BIGINT) AND failure_ts <= cutoff THEN failure_class
    WHEN ts + to_seconds(horizon_s::BIGINT) <= cutoff THEN 'none'
  END;

-- One failure per asset and time: of simultaneous failures, the class listed first in the fleet definition.
CREATE OR REPLACE TEMP TABLE gold_failure_times AS
SELECT machine_id, ts, arg_min(failure, list_position($classes, failure)) AS failure
FROM silver_failures
GROUP BY machine_id, ts;
