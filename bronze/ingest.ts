import type { Fleet } from '../fleet/fleet.js';
import type { LakeSession } from '../sql/duckdb.js';
import { InputError, listed } from '../sql/errors.js';
import { discoverFiles, type SourceFile } from './discover.js';
import { fingerprint } from './fingerprint.js';
import { BATCH_BOUNDS, LoadBatch, type BatchBounds } from './batch.js';
import { stageFile, type StagedFile } from './read-file.js';
import { sourceFromName } from './recognise.js';
import { bronzeTable, declareBronzeTables } from './tables.js';

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
  /** The file, or for `writing` how many files the batch being written holds. */
  file: string;
  phase: 'reading' | 'loading' | 'writing';
  /** 0..1, or undefined when the engine cannot tell. */
  fraction: number | undefined;
}

export interface IngestResult {
  outcomes: FileOutcome[];
  ignored: string[];
  /** The catalog versions the batches were published as, oldest first. */
  versions: number[];
}

const POLL_MS = 250;

/**
 * Loads files into bronze, one load per file, each wholly in bronze or not at all, published in
 * batches (batch.ts). A file whose content was loaded before is skipped.
 */
export async function ingest(
  session: LakeSession,
  fleet: Fleet,
  paths: readonly string[],
  onProgress: (progress: IngestProgress) => void = () => {},
  bounds: BatchBounds = BATCH_BOUNDS,
): Promise<IngestResult> {
  const { files, ignored } = discoverFiles(fleet, paths);
  await declareBronzeTables(session, fleet);
  await session.connection.run(`SET enable_progress_bar = true`);
  await session.connection.run(`SET enable_progress_bar_print = false`);
  const outcomes: FileOutcome[] = [];
  const unchanged = await loadedAsTheyAre(session);
  const batch = await LoadBatch.open(session, bounds);
  const versions: number[] = [];
  const publish = async (): Promise<void> => {
    const version = await withEngineProgress(session, { file: `${batch.size} file(s)`, phase: 'writing' }, onProgress, () => batch.publish());
    if (version !== undefined) versions.push(version);
  };
  for (const file of files) {
    const loadId = unchanged.get(fileState(file.path, file.bytes, file.modifiedNs));
    // a night's inbox holds every earlier night's files too: reading them all again would make a night cost the history
    if (loadId !== undefined) outcomes.push({ file: file.path, status: 'skipped', rows: 0, message: `unchanged since load ${loadId} (same path, size and modification time)` });
    else outcomes.push(await ingestFile(session, fleet, batch, file, onProgress));
    if (batch.isFull()) await publish();
  }
  await publish();
  return { outcomes, ignored, versions };
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

async function ingestFile(session: LakeSession, fleet: Fleet, batch: LoadBatch, file: SourceFile, onProgress: (p: IngestProgress) => void): Promise<FileOutcome> {
  const startedAt = new Date();
  const loadId = batch.nextLoadId();
  let sha256: string | undefined;
  let staged: StagedFile | undefined;
  try {
    const print = await fingerprint(file, (read) => onProgress({ file: file.path, phase: 'reading', fraction: read / Math.max(file.bytes, 1) }));
    sha256 = print.sha256;
    const earlier = await session.queryFile('bronze', 'find_load.sql', { sha256 });
    if (earlier[0]) {
      return { file: file.path, status: 'skipped', rows: 0, message: `same content already loaded (load ${String(earlier[0].load_id)}, ${String(earlier[0].file)})` };
    }
    staged = await withEngineProgress(session, { file: file.path, phase: 'loading' }, onProgress, () => stageFile(session, fleet, file, print));
    const { source, mapping } = staged;
    const rows = await batch.keep(staged, { file: file.path, sha256, loadId, loadedAt: startedAt });
    await batch.record({ loadId, file, sha256, table: source.name, rows, status: 'loaded', error: null, startedAt, ignored: mapping.ignored });
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
    await batch.record({ loadId, file, sha256: sha256 ?? null, table, rows: 0, status: 'rejected', error: err.message, startedAt, ignored: [] });
    return { file: file.path, status: 'rejected', ...(table ? { table } : {}), rows: 0, loadId, message: err.message };
  } finally {
    await session.connection.run('DROP TABLE IF EXISTS staged');
  }
}

/** Runs a long engine step while reporting DuckDB's own query progress. */
async function withEngineProgress<T>(
  session: LakeSession,
  what: Omit<IngestProgress, 'fraction'>,
  onProgress: (p: IngestProgress) => void,
  step: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    const pct = session.connection.progress.percentage;
    onProgress({ ...what, fraction: pct >= 0 ? pct / 100 : undefined });
  }, POLL_MS);
  try {
    return await step();
  } finally {
    clearInterval(timer);
  }
}
