-- The newest day anything was monitored: the default end of `lakescore monitor`'s range.
SELECT greatest((SELECT max(day_start) FROM monitor_drift), (SELECT max(day)::TIMESTAMP FROM monitor_performance)) AS last_day;
