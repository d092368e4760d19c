import type { Fleet } from '../../fleet/fleet.js';
import { declareResultTables } from '../../ml/results.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { identifier, timestampText } from '../../sql/text.js';
import { SqlValues } from '../../sql/values.js';
import { recordExport, type ExportRecord } from '../exports.js';
import { exportColumns, type ColumnMapping, type ExportColumn } from './columns.js';
import { resolveConnection } from './connection.js';
import { explainFailure } from './failures.js';
import { resolveRanges, type ExportSelection, type Range } from './ranges.js';
import { replaceRanges } from './replace-ranges.js';
import { makePipe, type RowPipe } from './row-pipe.js';
import { parseTargetTable } from './table.js';

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
  /** What was replaced: disjoint ranges, in order; none when there was nothing to export. */
  ranges: Range[];
  rows: number;
  seconds: number;
}

/** The ranges' rows, written by DuckDB as CSV into a pipe in the command's scratch space once the COPY reads it. */
function rowsOf(session: LakeSession, columns: readonly ExportColumn[], ranges: readonly Range[]): RowPipe {
  const path = session.scratchPath('export.csv');
  makePipe(path);
  const values = new SqlValues('r');
  const within = ranges.map((r) => `(ts >= ${values.bind(timestampText(r.from))}::TIMESTAMP AND ts < ${values.bind(timestampText(r.to))}::TIMESTAMP)`);
  const write = async (): Promise<number> => {
    const [written] = await session.queryFile(
      'deliver',
      'postgres/export_rows.sql',
      { ...values.params, out: path },
      { columns: columns.map((c) => identifier(c.source)).join(', '), ranges: within.join(' OR ') },
    );
    return Number(written?.Count ?? 0);
  };
  return { path, write };
}

/** Checks the table name, the column mapping and the connection settings of an export to come, without connecting. */
export function checkExportSettings(fleet: Fleet, table: string): void {
  parseTargetTable(table);
  exportColumns(fleet, fleet.exportColumns);
  resolveConnection(undefined);
}

/**
 * Delivers `results_latest` for one or more ranges into a PostgreSQL table, replacing exactly the
 * target's rows in them. The attempt is recorded in `exports` before anything is sent and again with
 * its outcome; a failure is recorded, then thrown as one line without any password.
 */
export async function exportToPostgres(session: LakeSession, fleet: Fleet, request: ExportRequest): Promise<ExportReport> {
  const started = new Date();
  const elapsed = (): number => (Date.now() - started.getTime()) / 1000;
  await declareResultTables(session, fleet);
  const connection = resolveConnection(request.url);
  const table = parseTargetTable(request.table);
  const columns = exportColumns(fleet, request.columns ?? fleet.exportColumns);
  const resolved = await resolveRanges(session, request.selection, connection.target, table.text);
  const report = { target: connection.target, table: table.text };
  if (!resolved) return { ...report, exportId: undefined, ranges: [], rows: 0, seconds: elapsed() };
  const { ranges } = resolved;
  const record: ExportRecord = {
    exportId: (session.catalog.counters.export ?? 0) + 1,
    target: connection.target,
    table: table.text,
    mode: request.selection.kind === 'latest-run' ? 'run' : request.selection.kind,
    ranges,
    throughRun: resolved.throughRun,
    startedAt: started,
  };
  await recordExport(session, record, { status: 'running' });
  let rows: number;
  try {
    rows = await replaceRanges(connection, table, columns, ranges, rowsOf(session, columns, ranges));
  } catch (err) {
    const failure = explainFailure(err, connection, table.text);
    // the export's own failure is what the user must see, even if the lake cannot record it
    await recordExport(session, record, { status: 'failed', error: failure.message }).catch(() => undefined);
    throw failure;
  }
  await recordExport(session, record, { status: 'succeeded', rows });
  return { ...report, exportId: record.exportId, ranges, rows, seconds: elapsed() };
}
