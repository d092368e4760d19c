import { z } from 'zod';
import type { Columns } from '../../sql/catalog.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { timestampText } from '../../sql/text.js';
import type { DriftKind, TallyEntry } from './drift.js';
import type { DayDrift } from './scored-drift.js';

/** `monitor_drift` (docs/tables.md#monitor_drift): each run's drift per UTC day, group and feature. */
export const MONITOR_DRIFT_COLUMNS: Columns = [
  ['run_id', 'BIGINT'],
  ['model_name', 'VARCHAR'],
  ['model_version', 'INTEGER'],
  ['day_start', 'TIMESTAMP'],
  ['group_column', 'VARCHAR'],
  ['group_value', 'VARCHAR'],
  ['feature', 'VARCHAR'],
  ['kind', 'VARCHAR'],
  ['row_count', 'BIGINT'],
  ['missing_count', 'BIGINT'],
  ['bin_counts', 'BIGINT[]'],
  ['psi', 'DOUBLE'],
  ['js', 'DOUBLE'],
  ['missing_share', 'DOUBLE'],
  ['reference_missing_share', 'DOUBLE'],
  ['level', 'VARCHAR'],
];

export const declareDriftTable = (session: LakeSession): Promise<void> => session.ensureTableColumns('monitor_drift', MONITOR_DRIFT_COLUMNS);

const appendNumberOrNull = (appender: { appendDouble(v: number): void; appendNull(): void }, v: number | null): void => (v === null ? appender.appendNull() : appender.appendDouble(v));

/** Writes a run's drift entries to a new file of monitor_drift and returns it for the run's commit. */
export async function writeDriftFile(session: LakeSession, run: { runId: number; modelName: string; modelVersion: number }, entries: readonly DayDrift[]): Promise<string> {
  await session.runFile('ml', 'monitor/drift_rows.sql');
  const appender = await session.connection.createAppender('drift_rows', 'main', 'temp');
  for (const e of entries) {
    appender.appendBigInt(BigInt(e.day));
    if (e.group === null) {
      appender.appendNull();
      appender.appendNull();
    } else {
      appender.appendVarchar(e.group.column);
      appender.appendVarchar(e.group.category);
    }
    appender.appendVarchar(e.feature);
    appender.appendVarchar(e.kind);
    appender.appendBigInt(BigInt(e.tally.rows));
    appender.appendBigInt(BigInt(e.tally.missing));
    appender.appendVarchar(JSON.stringify(e.tally.counts));
    appendNumberOrNull(appender, e.drift.psi);
    appendNumberOrNull(appender, e.drift.js);
    appender.appendDouble(e.drift.missingShare);
    appender.appendDouble(e.drift.referenceMissingShare);
    if (e.level === undefined) appender.appendNull();
    else appender.appendVarchar(e.level);
    appender.endRow();
  }
  appender.closeSync();
  const file = `monitor/drift/run-${String(run.runId).padStart(8, '0')}-${session.writerId}.parquet`;
  await session.runFile('ml', 'monitor/write_drift.sql', { out: session.dataFile(file), run_id: run.runId, model_name: run.modelName, model_version: run.modelVersion });
  return file;
}

const storedRowSchema = z.object({
  day_ms: z.number(),
  group_column: z.string().nullable(),
  group_value: z.string().nullable(),
  feature: z.string(),
  kind: z.enum(['numeric', 'categorical', 'risk']),
  row_count: z.coerce.number(),
  missing_count: z.coerce.number(),
  bin_counts: z.string().transform((text) => z.array(z.number()).parse(JSON.parse(text))),
});

/** A stored day's counts, as they are summed into longer periods. */
export interface StoredTally extends TallyEntry {
  day: number;
}

/** The stored drift counts of a model version for the days in [from, to), oldest first. */
export async function storedDrift(session: LakeSession, model: { name: string; version: number }, from: Date, to: Date): Promise<StoredTally[]> {
  const rows = await session.queryFile('ml', 'monitor/stored_drift.sql', { model_name: model.name, model_version: model.version, from: timestampText(from), to: timestampText(to) });
  return rows.map((raw) => {
    const r = storedRowSchema.parse(raw);
    const group = r.group_column === null || r.group_value === null ? null : { column: r.group_column, category: r.group_value };
    const kind: DriftKind = r.kind;
    return { day: r.day_ms, group, feature: r.feature, kind, tally: { counts: r.bin_counts, missing: r.missing_count, rows: r.row_count } };
  });
}
