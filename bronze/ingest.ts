import type { Fleet } from '../fleet/fleet.js';
import type { LakeSession } from '../sql/duckdb.js';
import { InputError, listed } from '../sql/errors.js';
import { timestampText } from '../sql/text.js';
import { discoverFiles, type SourceFile } from './discover.js';
import { fingerprint } from './fingerprint.js';
import { stageFile, writeLoad, type StagedFile } from './read-file.js';
import { sourceFromName } from './recognise.js';
import { bronzeColumns, bronzeTable, declareBronzeTables, LOADS_COLUMNS } from './tables.js';

export type LoadStatus = 'loaded' | 'skipped' | 'rejected';

export interface FileOutcome {
  file: string;
  status: LoadStatus;
  /** The source the file was recognised as. */
  table?: string;
  rows: number;
  /** Columns of the file its source does not name, left out of bronze. */
  ignoredColumns?: string[];
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
  fleet: Fleet,
  paths: readonly string[],
  onProgress: (progress: IngestProgress) => void = () => {},
): Promise<IngestResult> {
  const { files, ignored } = discoverFiles(fleet, paths);
  await declareBronzeTables(session, fleet);
  await session.connection.run(`SET enable_progress_bar = true`);
  await session.connection.run(`SET enable_progress_bar_print = false`);
  const outcomes: FileOutcome[] = [];
  const unchanged = await loadedAsTheyAre(session);
  for (const file of files) {
    const loadId = unchanged.get(fileState(file.path, file.bytes, file.modifiedNs));
    // a night's inbox holds every earlier night's files too: reading them all again would make a night cost the history
    if (loadId !== undefined) outcomes.push({ file: file.path, status: 'skipped', rows: 0, message: `unchanged since load ${loadId} (same path, size and modification time)` });
    else outcomes.push(await ingestFile(session, fleet, file, onProgress));
  }
  return { outcomes, ignored };
}

const fileState = (path: string, bytes: number | bigint, modifiedNs: number | bigint): string => `${bytes}\u0000${modifiedNs}\u0000${path}`;

/**
 * The files loaded before, by path, size and modification time (ns), with their load: one read of
 * `loads` per ingest. A file rewritten in place gets a new modification time and is read again.
 */
async function loadedAsTheyAre(session: LakeSession): Promise<Map<string, number>> {
  const rows = await session.queryFile('bronze', 'loaded_files.sql');
  return new Map(rows.map((r) => [fileState(String(r.file), r.file_bytes as bigint, r.file_modified_ns as bigint), Number(r.load_id)]));
}

async function ingestFile(session: LakeSession, fleet: Fleet, file: SourceFile, onProgress: (p: IngestProgress) => void): Promise<FileOutcome> {
  const startedAt = new Date();
  const loadId = (session.catalog.counters.load_id ?? 0) + 1;
  let sha256: string | undefined;
  let staged: StagedFile | undefined;
  try {
    const print = await fingerprint(file, (read) => onProgress({ file: file.path, phase: 'reading', fraction: read / Math.max(file.bytes, 1) }));
    sha256 = print.sha256;
    const earlier = await session.queryFile('bronze', 'find_load.sql', { sha256 });
    if (earlier[0]) {
      return { file: file.path, status: 'skipped', rows: 0, message: `same content already loaded (load ${String(earlier[0].load_id)}, ${String(earlier[0].file)})` };
    }
    staged = await withEngineProgress(session, file.path, onProgress, () => stageFile(session, fleet, file, print));
    const { source, mapping } = staged;
    const relativeFile = `bronze/${source.name}/load-${String(loadId).padStart(8, '0')}-${session.writerId}.parquet`;
    const rows = await withEngineProgress(session, file.path, onProgress, () =>
      writeLoad(session, staged as StagedFile, relativeFile, { file: file.path, sha256: sha256 as string, loadId, loadedAt: startedAt }),
    );
    const load = { loadId, file, sha256, table: source.name, rows, status: 'loaded' as const, error: null, startedAt, ignored: mapping.ignored };
    await recordLoad(session, load, {
      [bronzeTable(source)]: { files: [...session.filesOf(bronzeTable(source)), relativeFile], columns: bronzeColumns(source) },
    });
    const left = mapping.ignored.length ? `; ${mapping.ignored.length} column(s) the definition does not name left out: ${listed(mapping.ignored)}` : '';
    return {
      file: file.path,
      status: 'loaded',
      table: source.name,
      rows,
      loadId,
      ignoredColumns: mapping.ignored,
      message: `${rows} rows into ${bronzeTable(source)} (load ${loadId})${left}`,
    };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const table = staged?.source.name ?? sourceFromName(fleet, file.path)?.name ?? null;
    await recordLoad(session, { loadId, file, sha256: sha256 ?? null, table, rows: 0, status: 'rejected', error: err.message, startedAt, ignored: [] }, {});
    return { file: file.path, status: 'rejected', ...(table ? { table } : {}), rows: 0, loadId, message: err.message };
  } finally {
    await session.connection.run('DROP TABLE IF EXISTS staged');
  }
}

interface LoadRecord {
  loadId: number;
  file: SourceFile;
  sha256: string | null;
  table: string | null;
  rows: number;
  status: 'loaded' | 'rejected';
  error: string | null;
  startedAt: Date;
  ignored: string[];
}

/** Rewrites `loads` with one more row and publishes it together with the load's data file. */
async function recordLoad(session: LakeSession, load: LoadRecord, tables: Parameters<LakeSession['commit']>[0]['tables']): Promise<void> {
  const relativeFile = `bronze/loads/loads-${String(load.loadId).padStart(8, '0')}-${session.writerId}.parquet`;
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
    ignored_columns: load.ignored.length ? load.ignored.join(', ') : null,
    file_bytes: load.file.bytes,
    file_modified_ns: load.file.modifiedNs,
  });
  // a rejected file is recorded, but a new lake adopts no definition from it
  await session.commit(
    {
      tables: { ...tables, loads: { files: [relativeFile], columns: LOADS_COLUMNS } },
      counters: { load_id: load.loadId },
    },
    load.status === 'loaded',
  );
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
