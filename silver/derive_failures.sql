-- A reading whose failure flag is set is a failure of that asset: at the reading, or at the end
-- of its step, as its source declares (the delay). These rows join the failures table's checked
-- rows (as no source's, so they count in no source's balance, and are never a reject: no
-- lineage beyond the reading's own is needed).
CREATE OR REPLACE TEMP TABLE flagged_failures AS
SELECT machine_id, ts + to_microseconds(_failure_delay_us) AS ts, $failure_class::VARCHAR AS failure, NULL::VARCHAR AS reason, -1 AS _source_index,
       NULL::VARCHAR AS _source_file, NULL::VARCHAR AS _source_sha256, _load_id, _row_number, NULL::TIMESTAMP AS _loaded_at
FROM next_silver_telemetry WHERE _failure_flag;
