import type { Columns } from '../sql/catalog.js';
import { spanOf, type Range } from './postgres/ranges.js';
import type { LakeSession } from '../sql/duckdb.js';
import { failInterrupted, writeLogRow, type RunLog } from '../sql/run-log.js';
import { timestampText } from '../sql/text.js';

/**
 * The lake's record of every export: one row per attempt, written as `running` before anything
 * leaves the lake and rewritten with its outcome, so a failed or killed export is visible in
 * `runs`. The table holds targets without passwords.
 */
export const EXPORTS_COLUMNS: Columns = [
  ['export_id', 'BIGINT'],
  ['target', 'VARCHAR'],
  ['table_name', 'VARCHAR'],
  ['mode', 'VARCHAR'],
  ['range_from', 'TIMESTAMP'],
  ['range_to', 'TIMESTAMP'],
  ['range_count', 'INTEGER'],
  ['through_run', 'BIGINT'],
  ['row_count', 'BIGINT'],
  ['status', 'VARCHAR'],
  ['started_at', 'TIMESTAMP'],
  ['finished_at', 'TIMESTAMP'],
  ['error', 'VARCHAR'],
];

export interface ExportRecord {
  exportId: number;
  target: string;
  table: string;
  /** `run`, `range`, or `nightly`: only nightly exports move the nightly watermark. */
  mode: string;
  /** What the export replaces; the log keeps their span and how many there are. */
  ranges: Range[];
  /** The newest scoring run whose results the range includes. */
  throughRun: number | undefined;
  startedAt: Date;
}

/**
 * An export killed before its COMMIT was rolled back by the server; one killed after it delivered
 * the range's rows, which the next export of the range replaces with the same.
 */
const EXPORT_LOG: RunLog = {
  table: 'exports',
  columns: EXPORTS_COLUMNS,
  directory: 'exports',
  interrupted: 'interrupted: the export process ended before it finished',
};

export async function declareExportTables(session: LakeSession): Promise<void> {
  // a run log is rewritten from its own rows: read them with today's columns, older files' missing ones as NULL
  await session.ensureTableColumns('exports', EXPORTS_COLUMNS);
}

/** Publishes the export's row as it stands now (`running`, `succeeded` or `failed`). */
export async function recordExport(session: LakeSession, record: ExportRecord, outcome: { status: string; rows?: number; error?: string }): Promise<void> {
  const file = await writeLogRow(session, EXPORT_LOG, {
    export_id: record.exportId,
    target: record.target,
    table_name: record.table,
    mode: record.mode,
    range_from: timestampText(spanOf(record.ranges).from),
    range_to: timestampText(spanOf(record.ranges).to),
    range_count: record.ranges.length,
    through_run: record.throughRun ?? null,
    row_count: outcome.rows ?? null,
    status: outcome.status,
    started_at: timestampText(record.startedAt),
    finished_at: outcome.status === 'running' ? null : timestampText(new Date()),
    error: outcome.error ?? null,
  });
  await session.commit({ tables: { exports: { files: [file], columns: EXPORTS_COLUMNS } }, counters: { export: record.exportId } });
}

/** Marks exports left `running` by a dead process as failed; returns how many there were. */
export async function failInterruptedExports(session: LakeSession): Promise<number> {
  await declareExportTables(session);
  return failInterrupted(session, EXPORT_LOG);
}
