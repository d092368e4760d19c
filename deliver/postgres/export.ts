import type { Fleet } from '../../fleet/fleet.js';
import { declareResultTables } from '../../ml/results.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { InputError } from '../../sql/errors.js';
import { identifier, timestampText } from '../../sql/text.js';
import { recordExport, type ExportRecord } from '../exports.js';
import { exportColumns, type ColumnMapping, type ExportColumn } from './columns.js';
import { resolveConnection } from './connection.js';
import { explainFailure } from './failures.js';
import { replaceRange, type Range } from './replace-range.js';
import { makePipe, type RowPipe } from './row-pipe.js';
import { parseTargetTable } from './table.js';

/**
 * Which results to deliver: the range the newest successful scoring run covered, one run's range,
 * a range of days, or (for the nightly job) everything scored since the last nightly export.
 */
export type ExportSelection = { kind: 'latest-run' } | { kind: 'run'; runId: number } | { kind: 'range'; from: Date; to: Date } | { kind: 'nightly' };

export interface ExportRequest {
  /** A PostgreSQL URL; without it the PG* environment variables and ~/.pgpass say where. */
  url: string | undefined;
  table: string;
  /** Overrides the fleet definition's `export.columns`. */
  columns: ColumnMapping | undefined;
  selection: ExportSelection;
}

export interface ExportReport {
  /** undefined when there was nothing to export. */
  exportId: number | undefined;
  target: string;
  table: string;
  range: Range | undefined;
  rows: number;
  seconds: number;
}

interface ResolvedRange extends Range {
  throughRun: number | undefined;
}

const dateOf = (value: unknown): Date | undefined => (value instanceof Date ? value : undefined);

async function scoreRunRange(session: LakeSession, runId: number | undefined): Promise<ResolvedRange> {
  const [run] = await session.queryFile('deliver', 'postgres/score_run_range.sql', { run_id: runId ?? null });
  const from = dateOf(run?.range_from);
  const to = dateOf(run?.range_to);
  if (!run || !from || !to) throw new InputError(runId === undefined ? 'no scoring run has succeeded yet: nothing to export' : `scoring run ${runId} did not succeed or does not exist`);
  return { from, to, throughRun: Number(run.run_id) };
}

async function resolveRange(session: LakeSession, selection: ExportSelection, target: string, table: string): Promise<ResolvedRange | undefined> {
  switch (selection.kind) {
    case 'range':
      if (selection.from >= selection.to) throw new InputError('--from must be before --to');
      return { from: selection.from, to: selection.to, throughRun: undefined };
    case 'run':
      return scoreRunRange(session, selection.runId);
    case 'latest-run':
      return scoreRunRange(session, undefined);
    case 'nightly': {
      const [pending] = await session.queryFile('deliver', 'postgres/pending_range.sql', { target, table_name: table });
      const from = dateOf(pending?.range_from);
      const to = dateOf(pending?.range_to);
      return from && to ? { from, to, throughRun: Number(pending?.through_run) } : undefined;
    }
  }
}

/** The range's rows, written by DuckDB as CSV into a pipe in the command's scratch space once the COPY reads it. */
function rowsOf(session: LakeSession, columns: readonly ExportColumn[], range: Range): RowPipe {
  const path = session.scratchPath('export.csv');
  makePipe(path);
  const write = async (): Promise<number> => {
    const [written] = await session.queryFile(
      'deliver',
      'postgres/export_rows.sql',
      { out: path, from: timestampText(range.from), to: timestampText(range.to) },
      { columns: columns.map((c) => identifier(c.source)).join(', ') },
    );
    return Number(written?.Count ?? 0);
  };
  return { path, write };
}

/**
 * Delivers `results_latest` for a range into a PostgreSQL table, replacing exactly the target's
 * rows in that range. The attempt is recorded in `exports` before anything is sent and again with
 * its outcome; a failure is recorded, then thrown as one line without any password.
 */
export async function exportToPostgres(session: LakeSession, fleet: Fleet, request: ExportRequest): Promise<ExportReport> {
  const started = new Date();
  const elapsed = (): number => (Date.now() - started.getTime()) / 1000;
  await declareResultTables(session, fleet);
  const connection = resolveConnection(request.url);
  const table = parseTargetTable(request.table);
  const columns = exportColumns(fleet, request.columns ?? fleet.exportColumns);
  const range = await resolveRange(session, request.selection, connection.target, table.text);
  const report = { target: connection.target, table: table.text };
  if (!range) return { ...report, exportId: undefined, range: undefined, rows: 0, seconds: elapsed() };
  const record: ExportRecord = {
    exportId: (session.catalog.counters.export ?? 0) + 1,
    target: connection.target,
    table: table.text,
    mode: request.selection.kind === 'latest-run' ? 'run' : request.selection.kind,
    from: range.from,
    to: range.to,
    throughRun: range.throughRun,
    startedAt: started,
  };
  await recordExport(session, record, { status: 'running' });
  let rows: number;
  try {
    rows = await replaceRange(connection, table, columns, range, rowsOf(session, columns, range));
  } catch (err) {
    const failure = explainFailure(err, connection, table.text);
    // the export's own failure is what the user must see, even if the lake cannot record it
    await recordExport(session, record, { status: 'failed', error: failure.message }).catch(() => undefined);
    throw failure;
  }
  await recordExport(session, record, { status: 'succeeded', rows });
  return { ...report, exportId: record.exportId, range, rows, seconds: elapsed() };
}
