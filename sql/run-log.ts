import type { Columns } from './catalog.js';
import type { LakeSession, Params } from './duckdb.js';
import { identifier } from './text.js';

/**
 * A small log table, one row per id with a status, rewritten whole on every change: its one file
 * holds every row as it stands.
 */
export interface LogTable {
  table: string;
  /** The first column is the row's id. */
  columns: Columns;
  /** Where its files go, inside the lake. */
  directory: string;
}

/**
 * A log whose rows go from `running` to `succeeded` or `failed` (scoring runs, exports): a row
 * is `running` in a published version only while its process works on it.
 */
export interface RunLog extends LogTable {
  /** The error of a row whose process died while it was running. */
  interrupted: string;
}

const SQL_TYPE = /^[A-Z]+$/;

function logFragments(log: LogTable): Record<string, string> {
  const [id] = log.columns[0] ?? [];
  if (id === undefined) throw new Error(`${log.table}: a run log needs an id column`);
  const values = log.columns.map(([name, type]) => {
    if (!SQL_TYPE.test(type)) throw new Error(`${log.table}.${name}: not a plain SQL type: ${type}`);
    return `$${identifier(name)}::${type}`;
  });
  return { table: identifier(log.table), id: identifier(id), values: values.join(', ') };
}

/**
 * Writes the log with one row (every column by name, the id first) as it is now, and returns the
 * new file for the caller's commit, which may publish other tables with it.
 */
export async function writeLogRow(session: LakeSession, log: LogTable, row: Params): Promise<string> {
  const [id] = log.columns[0] ?? [];
  const file = `${log.directory}/${log.table}-${String(row[id ?? '']).padStart(8, '0')}-${String(row.status)}-${session.writerId}.parquet`;
  await session.runFile('sql', 'log_row.sql', { ...row, out: session.dataFile(file) }, logFragments(log));
  return file;
}

/**
 * Marks rows left `running` by a dead process as failed, and publishes that; returns how many
 * there were. Only a writer may call it: holding the lock proves no other process runs them.
 */
export async function failInterrupted(session: LakeSession, log: RunLog): Promise<number> {
  // a damaged log must not stop the writers that repair the lake; what appends to it still needs it
  if (session.isDamaged(log.table)) return 0;
  const fragments = logFragments(log);
  const [row] = await session.queryFile('sql', 'log_running.sql', {}, fragments);
  const count = Number(row?.n ?? 0);
  if (count === 0) return 0;
  const file = `${log.directory}/${log.table}-recovered-${session.catalog.version + 1}-${session.writerId}.parquet`;
  await session.runFile('sql', 'log_fail_running.sql', { out: session.dataFile(file), message: log.interrupted }, fragments);
  await session.commit({ tables: { [log.table]: { files: [file], columns: log.columns } } });
  return count;
}
