-- The nightly refresh: per asset, the earliest grid time whose features new silver rows can
-- change (gold_scope), and the earliest whose label they can change (gold_relabel), so that gold
-- after any sequence of refreshes equals one build of everything (docs/gold.md). New readings,
-- alarms and replacements change features; failures and the label cutoff change only labels. An
-- asset absent from both keeps all its rows.
CREATE OR REPLACE TEMP TABLE gold_changes AS
WITH seen AS (
  SELECT coalesce(max(s.last_load_id), 0) AS load_id
  FROM silver_builds s
  WHERE s.build_id = (SELECT silver_build_id FROM gold_builds ORDER BY build_id DESC LIMIT 1)
),
-- a new reading, alarm or replacement changes the features from its own time on
new_inputs AS (
  SELECT machine_id, min(ts) AS first_new_ts
  FROM (
    SELECT machine_id, ts FROM silver_telemetry WHERE _load_id > (SELECT load_id FROM seen)
    UNION ALL SELECT machine_id, ts FROM silver_errors WHERE _load_id > (SELECT load_id FROM seen)
    UNION ALL SELECT machine_id, ts FROM silver_maint WHERE _load_id > (SELECT load_id FROM seen)
  )
  GROUP BY machine_id
),
-- a new failure changes the labels of the horizon before it; where readings carry a failure flag,
-- a new reading may add one or, replacing a flagged reading, take one away (at or after its time)
new_failures AS (
  SELECT machine_id, min(ts) - to_seconds($horizon_s::BIGINT) AS from_ts
  FROM (
    SELECT machine_id, ts FROM silver_failures WHERE _load_id > (SELECT load_id FROM seen)
    UNION ALL SELECT machine_id, ts FROM silver_telemetry WHERE $flagged AND _load_id > (SELECT load_id FROM seen)
  )
  GROUP BY machine_id
),
gold_now AS (
  SELECT machine_id, max(ts) AS last_ts, min(ts) FILTER (WHERE label IS NULL) AS first_undecided
         {{gold_attributes}}
  FROM gold_features
  GROUP BY machine_id
),
last_cutoff AS (
  SELECT label_cutoff FROM gold_builds ORDER BY build_id DESC LIMIT 1
),
-- a later cutoff may decide undecided labels; an earlier one (a failure taken away was the newest
-- event) undecides those within a horizon of it
cutoff_moved AS (
  SELECT $label_cutoff::TIMESTAMP > (SELECT label_cutoff FROM last_cutoff) AS later,
         CASE WHEN $label_cutoff::TIMESTAMP < (SELECT label_cutoff FROM last_cutoff)
              THEN $label_cutoff::TIMESTAMP - to_seconds($horizon_s::BIGINT) END AS earlier_from
),
-- new readings after an asset's last gold row add grid points from there, however long it was
-- silent; a moved label cutoff changes the labels near it
kept_assets AS (
  SELECT g.machine_id,
         least(n.first_new_ts, CASE WHEN n.first_new_ts IS NOT NULL THEN g.last_ts + INTERVAL 1 MICROSECOND END) AS features_from,
         least(CASE WHEN (SELECT later FROM cutoff_moved) THEN g.first_undecided END, (SELECT earlier_from FROM cutoff_moved)) AS labels_from
  FROM gold_now g LEFT JOIN new_inputs n USING (machine_id)
),
-- built whole, from its first reading: an asset whose attributes changed, and one gold lacks that
-- has new inputs or whose old rows a newly loaded asset row admitted (they waited in quarantine)
whole_assets AS (
  SELECT a.machine_id, a.first_ts AS features_from
  FROM (SELECT machine_id, min(ts) AS first_ts FROM silver_telemetry GROUP BY machine_id) a
  LEFT JOIN gold_now g USING (machine_id)
  LEFT JOIN new_inputs n USING (machine_id)
  LEFT JOIN silver_machines m USING (machine_id)
  WHERE (g.machine_id IS NULL AND (n.machine_id IS NOT NULL OR m._load_id > (SELECT load_id FROM seen))) OR {{attributes_differ}}
),
candidates AS (
  SELECT machine_id, features_from, labels_from FROM kept_assets
  UNION ALL SELECT machine_id, NULL, from_ts FROM new_failures
  UNION ALL SELECT machine_id, features_from, NULL FROM whole_assets
)
SELECT machine_id, min(features_from) AS features_from, min(labels_from) AS labels_from
FROM candidates
GROUP BY machine_id;

CREATE OR REPLACE TEMP TABLE gold_scope AS
SELECT machine_id, features_from AS from_ts FROM gold_changes WHERE features_from IS NOT NULL;

-- labels from features_from on are decided again with the recomputed rows
CREATE OR REPLACE TEMP TABLE gold_relabel AS
SELECT machine_id, labels_from AS label_from FROM gold_changes WHERE labels_from < coalesce(features_from, 'infinity'::TIMESTAMP);
