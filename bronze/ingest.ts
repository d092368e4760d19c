import { rmSync } from 'node:fs';
import type { LakeSession } from '../sql/duckdb.js';
import { identifier, timestampText } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';
import { discoverFiles, type SourceFile } from './discover.js';
import { fingerprint } from './fingerprint.js';
import { canonicalHeader, parseHeaderLine, recogniseTable } from './recognise.js';
import type { SourceTable } from './sources.js';
import { bronzeColumns, bronzeTable, declareBronzeTables, LOADS_COLUMNS } from './tables.js';

export type LoadStatus = 'loaded' | 'skipped' | 'rejected';

export interface FileOutcome {
  file: string;
  status: LoadStatus;
  table?: SourceTable;
  rows: number;
  loadId?: number;
  message: string;
}

export interface IngestProgress {
  file: string;
  phase: 'reading' | 'loading';
  /** 0..1, or undefined when the engine cannot tell. */
  fraction: number | undefined;
}

export interface IngestResult {
  outcomes: FileOutcome[];
  ignored: string[];
}

const POLL_MS = 250;

/**
 * Loads files into bronze, one load per file, each published on its own: a file is either
 * wholly in bronze or not at all. A file whose content was loaded before is skipped.
 */
export async function ingest(
  session: LakeSession,
  paths: readonly string[],
  onProgress: (progress: IngestProgress) => void = () => {},
): Promise<IngestResult> {
  const { files, ignored } = discoverFiles(paths);
  await declareBronzeTables(session);
  await session.connection.run(`SET enable_progress_bar = true`);
  await session.connection.run(`SET enable_progress_bar_print = false`);
  const outcomes: FileOutcome[] = [];
  for (const file of files) outcomes.push(await ingestFile(session, file, onProgress));
  return { outcomes, ignored };
}

async function ingestFile(session: LakeSession, file: SourceFile, onProgress: (p: IngestProgress) => void): Promise<FileOutcome> {
  const startedAt = new Date();
  const loadId = (session.catalog.counters.load_id ?? 0) + 1;
  let sha256: string | undefined;
  let table: SourceTable | undefined;
  try {
    const print = await fingerprint(file, (read) => onProgress({ file: file.path, phase: 'reading', fraction: read / Math.max(file.bytes, 1) }));
    sha256 = print.sha256;
    const earlier = await session.queryFile('bronze', 'find_load.sql', { sha256 });
    if (earlier[0]) {
      return { file: file.path, status: 'skipped', rows: 0, message: `same content already loaded (load ${String(earlier[0].load_id)}, ${String(earlier[0].file)})` };
    }
    table = await withEngineProgress(session, file.path, onProgress, () => stage(session, file, print.firstLine));
    const relativeFile = `bronze/${table}/load-${String(loadId).padStart(8, '0')}.parquet`;
    const rows = await withEngineProgress(session, file.path, onProgress, () =>
      writeLoad(session, table as SourceTable, relativeFile, { file: file.path, sha256: sha256 as string, loadId, loadedAt: startedAt }),
    );
    await recordLoad(session, { loadId, file, sha256, table, rows, status: 'loaded', error: null, startedAt }, {
      [bronzeTable(table)]: { files: [...session.filesOf(bronzeTable(table)), relativeFile], columns: bronzeColumns(table) },
    });
    return { file: file.path, status: 'loaded', table, rows, loadId, message: `${rows} rows into ${bronzeTable(table)} (load ${loadId})` };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    await recordLoad(session, { loadId, file, sha256: sha256 ?? null, table: table ?? null, rows: 0, status: 'rejected', error: err.message, startedAt }, {});
    return { file: file.path, status: 'rejected', ...(table ? { table } : {}), rows: 0, loadId, message: err.message };
  } finally {
    await session.connection.run('DROP TABLE IF EXISTS staged');
  }
}

/** Reads the whole file into the temp table `staged`, checking its header first. */
async function stage(session: LakeSession, file: SourceFile, firstLine: string | undefined): Promise<SourceTable> {
  try {
    if (file.format === 'parquet') {
      await session.runFile('bronze', 'stage_parquet.sql', { path: file.path });
      const header = (await session.queryFile('bronze', 'staged_columns.sql')).map((r) => String(r.column_name));
      const table = recogniseTable(file.path, header);
      canonicalHeader(file.path, table, header);
      return table;
    }
    const header = parseHeaderLine(firstLine ?? '');
    const table = recogniseTable(file.path, header);
    const columns = canonicalHeader(file.path, table, header);
    const struct = `{${columns.map((c) => `'${identifier(c)}': 'VARCHAR'`).join(', ')}}`;
    await session.runFile('bronze', 'stage_csv.sql', { path: file.path }, { columns: struct });
    return table;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file.path}: ${engineReason(err as Error)}`);
  }
}

/** DuckDB's reading errors are long; the first lines name the line and the reason. */
function engineReason(err: Error): string {
  const lines = err.message.split('\n').filter((l) => l.trim() !== '');
  const csv = lines.findIndex((l) => l.includes('CSV Error on Line'));
  if (csv >= 0) return lines.slice(csv, csv + 3).join('; ').replace(/^.*?CSV Error/, 'CSV error');
  return (lines[0] ?? 'unreadable').replace(/^[A-Za-z ]+Error: /, '');
}

async function writeLoad(
  session: LakeSession,
  table: SourceTable,
  relativeFile: string,
  lineage: { file: string; sha256: string; loadId: number; loadedAt: Date },
): Promise<number> {
  const projection = bronzeColumns(table)
    .filter(([name]) => !name.startsWith('_'))
    .map(([name]) => `CAST(${identifier(name)} AS VARCHAR) AS ${name}`)
    .join(', ');
  const out = session.dataFile(relativeFile);
  try {
    const [count] = await session.queryFile(
      'bronze',
      'write_load.sql',
      { out, source_file: lineage.file, sha256: lineage.sha256, load_id: lineage.loadId, loaded_at: timestampText(lineage.loadedAt) },
      { projection },
    );
    return Number(count?.row_count ?? 0);
  } catch (err) {
    rmSync(out, { force: true });
    throw new InputError(`${lineage.file}: ${engineReason(err as Error)}`);
  }
}

interface LoadRecord {
  loadId: number;
  file: SourceFile;
  sha256: string | null;
  table: SourceTable | null;
  rows: number;
  status: 'loaded' | 'rejected';
  error: string | null;
  startedAt: Date;
}

/** Rewrites `loads` with one more row and publishes it together with the load's data file. */
async function recordLoad(session: LakeSession, load: LoadRecord, tables: Parameters<LakeSession['commit']>[0]['tables']): Promise<void> {
  const relativeFile = `bronze/loads/loads-${String(load.loadId).padStart(8, '0')}.parquet`;
  await session.runFile('bronze', 'record_load.sql', {
    out: session.dataFile(relativeFile),
    load_id: load.loadId,
    file: load.file.path,
    sha256: load.sha256,
    table_name: load.table,
    format: load.file.format,
    row_count: load.rows,
    status: load.status,
    error: load.error,
    started_at: timestampText(load.startedAt),
    finished_at: timestampText(new Date()),
  });
  await session.commit({
    tables: { ...tables, loads: { files: [relativeFile], columns: LOADS_COLUMNS } },
    counters: { load_id: load.loadId },
  });
}

/** Runs a long engine step while reporting DuckDB's own query progress. */
async function withEngineProgress<T>(session: LakeSession, file: string, onProgress: (p: IngestProgress) => void, step: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    const pct = session.connection.progress.percentage;
    onProgress({ file, phase: 'loading', fraction: pct >= 0 ? pct / 100 : undefined });
  }, POLL_MS);
  try {
    return await step();
  } finally {
    clearInterval(timer);
  }
}
