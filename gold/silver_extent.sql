-- What silver holds: the defaults for the range and the label cutoff, and the input fingerprint
-- (the content hashes of every bronze load silver was built from).
SELECT
  (SELECT min(ts) FROM silver_telemetry) AS first_ts,
  (SELECT max(ts) FROM silver_telemetry) AS last_ts,
  greatest((SELECT max(ts) FROM silver_telemetry), (SELECT max(ts) FROM silver_failures)) AS observed_until,
  (SELECT max(build_id) FROM silver_builds) AS silver_build_id,
  (SELECT any_value(fleet_hash) FROM silver_builds WHERE build_id = (SELECT max(build_id) FROM silver_builds)) AS fleet_hash,
  (SELECT sha256(coalesce(string_agg(sha256, ',' ORDER BY load_id), ''))
     FROM loads
     WHERE status = 'loaded'
       AND load_id <= (SELECT max(last_load_id) FROM silver_builds WHERE build_id = (SELECT max(build_id) FROM silver_builds))
  ) AS input_fingerprint;
