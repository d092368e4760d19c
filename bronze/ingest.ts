import { randomUUID } from 'node:crypto';
import { rmSync, symlinkSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Fleet, Source } from '../fleet/fleet.js';
import type { LakeSession } from '../sql/duckdb.js';
import { identifier, timestampText } from '../sql/text.js';
import { excerpt, InputError } from '../sql/errors.js';
import { namedColumns } from './columns.js';
import { discoverFiles, type SourceFile } from './discover.js';
import { FIRST_LINE_LIMIT, fingerprint, type Fingerprint } from './fingerprint.js';
import { headerOf, mapColumns, recogniseSource, sourceFromName, type ColumnMapping } from './recognise.js';
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
  for (const file of files) outcomes.push(await ingestFile(session, fleet, file, onProgress));
  return { outcomes, ignored };
}

async function ingestFile(session: LakeSession, fleet: Fleet, file: SourceFile, onProgress: (p: IngestProgress) => void): Promise<FileOutcome> {
  const startedAt = new Date();
  const loadId = (session.catalog.counters.load_id ?? 0) + 1;
  let sha256: string | undefined;
  let staged: Staged | undefined;
  try {
    const print = await fingerprint(file, (read) => onProgress({ file: file.path, phase: 'reading', fraction: read / Math.max(file.bytes, 1) }));
    sha256 = print.sha256;
    const earlier = await session.queryFile('bronze', 'find_load.sql', { sha256 });
    if (earlier[0]) {
      return { file: file.path, status: 'skipped', rows: 0, message: `same content already loaded (load ${String(earlier[0].load_id)}, ${String(earlier[0].file)})` };
    }
    staged = await withEngineProgress(session, file.path, onProgress, () => stage(session, fleet, file, print));
    const { source, mapping } = staged;
    const relativeFile = `bronze/${source.name}/load-${String(loadId).padStart(8, '0')}-${session.writerId}.parquet`;
    const rows = await withEngineProgress(session, file.path, onProgress, () =>
      writeLoad(session, staged as Staged, relativeFile, { file: file.path, sha256: sha256 as string, loadId, loadedAt: startedAt }),
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

/** A file read into the temp table `staged`: its source, where its named columns are, and how to refer to one. */
interface Staged {
  source: Source;
  mapping: ColumnMapping;
  /** SQL for the staged column at a 0-based position in the file. */
  column: (position: number) => string;
  /** SQL that is true for a staged row that is data (not a blank line). */
  dataRows: string;
}

/** A whitespace-separated file's blank lines split into no field or one empty one. */
const NOT_BLANK = `fields IS NOT NULL AND fields <> ['']`;
/** The control character a whitespace-separated file is read with, so that each line is one value. */
const WHOLE_LINE = '\x1f';

/** Reads the whole file into the temp table `staged`, checking its header first. */
async function stage(session: LakeSession, fleet: Fleet, file: SourceFile, { firstLine, firstLineComplete }: Fingerprint): Promise<Staged> {
  const path = literalPath(session, file.path);
  try {
    if (file.format === 'parquet') {
      await session.runFile('bronze', 'stage_parquet.sql', { path });
      const described = await session.queryFile('bronze', 'staged_columns.sql');
      const header = described.map((r) => String(r.column_name));
      const source = recogniseSource(fleet, file.path, undefined, header);
      // typed times become UTC wall-clock text (the session's zone is UTC), as a CSV would hold them
      const isTime = described.map((r) => /^(TIMESTAMP|DATE)/.test(String(r.column_type)));
      const column = (p: number): string => (isTime[p] ? `CAST(#${p + 1} AS TIMESTAMP)` : `#${p + 1}`);
      return { source, mapping: mapColumns(file.path, source, header), column, dataRows: 'true' };
    }
    const source = recogniseSource(fleet, file.path, firstLine);
    if (source.csv.header && (firstLine ?? '').trim() === '') throw new InputError(`${file.path}: empty file (no header line)`);
    if (source.csv.header && !firstLineComplete) throw new InputError(`${file.path}: the header line is longer than ${FIRST_LINE_LIMIT / 2 ** 20} MB`);
    const header = headerOf(source, firstLine);
    const mapping = mapColumns(file.path, source, header);
    const params = { path, header: source.csv.header };
    if (source.csv.delimiter === 'whitespace') {
      await session.runFile('bronze', 'stage_lines.sql', { ...params, delim: WHOLE_LINE });
      await checkFieldCounts(session, file.path, header.length, source.csv.header);
      return { source, mapping, column: (p) => `fields[${p + 1}]`, dataRows: NOT_BLANK };
    }
    const struct = `{${header.map((_, i) => `'c${i + 1}': 'VARCHAR'`).join(', ')}}`;
    await session.runFile('bronze', 'stage_csv.sql', { ...params, delim: source.csv.delimiter, quote: source.csv.quote }, { columns: struct });
    return { source, mapping, column: (p) => `c${p + 1}`, dataRows: 'true' };
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file.path}: ${engineReason((err as Error).message.replaceAll(path, file.path))}`);
  }
}

/**
 * A name for the file that DuckDB reads as it is: its readers take a path as a glob pattern, so
 * `errors[1].csv` would read `errors1.csv` and `errors*.csv` every matching file, under the
 * lineage of the one named. A link with a plain name (in the session's scratch space, gone when
 * it ends) keeps the file's extensions, which say how it is compressed.
 */
function literalPath(session: LakeSession, path: string): string {
  const extensions = /((?:\.[A-Za-z0-9]+)+)$/.exec(basename(path))?.[1] ?? '';
  const link = session.scratchPath(`input-${randomUUID()}${extensions}`);
  symlinkSync(resolve(path), link);
  return link;
}

async function checkFieldCounts(session: LakeSession, path: string, expected: number, header: boolean): Promise<void> {
  const [bad] = await session.queryFile('bronze', 'field_count.sql', { expected, header_lines: header ? 1 : 0 }, { data_rows: NOT_BLANK });
  if (bad) throw new InputError(`${path}: line ${String(bad.line)} has ${String(bad.fields ?? 0)} fields, expected ${expected}`);
}

/** At most a few names, then how many more: a file may have thousands of columns. */
function listed(names: readonly string[], shown = 10): string {
  return names.length > shown ? `${names.slice(0, shown).join(', ')} and ${names.length - shown} more` : names.join(', ');
}

/**
 * DuckDB's reading errors are long: the line number, the line quoted (a quoted value may run
 * over several lines), the reason, then possible fixes and the reader's settings. Kept: the line
 * number, the reason, and the start of the line.
 */
function engineReason(message: string): string {
  const lines = (message.split(/\n\s*(?:Possible |file = )/)[0] ?? message).split('\n').filter((l) => l.trim() !== '');
  const first = (lines[0] ?? 'unreadable').replace(/^[A-Za-z ]+Error: /, '');
  const number = /CSV Error on Line: (\d+)/.exec(first)?.[1];
  if (number === undefined || lines.length < 3 || !lines[1]?.startsWith('Original Line: ')) return excerpt(first, 300);
  const quoted = lines.slice(1, -1).join('\n').replace(/^Original Line: /, '');
  return `line ${number}: ${excerpt((lines.at(-1) as string).trim(), 200)} (line: ${excerpt(quoted, 80)})`;
}

async function writeLoad(
  session: LakeSession,
  staged: Staged,
  relativeFile: string,
  lineage: { file: string; sha256: string; loadId: number; loadedAt: Date },
): Promise<number> {
  const projection = namedColumns(staged.source)
    .map((c, i) => `CAST(${staged.column(staged.mapping.positions[i] as number)} AS VARCHAR) AS ${identifier(c.bronze)}`)
    .join(', ');
  const out = session.dataFile(relativeFile);
  try {
    const [count] = await session.queryFile(
      'bronze',
      'write_load.sql',
      { out, source_file: lineage.file, sha256: lineage.sha256, load_id: lineage.loadId, loaded_at: timestampText(lineage.loadedAt) },
      { projection, data_rows: staged.dataRows },
    );
    return Number(count?.row_count ?? 0);
  } catch (err) {
    rmSync(out, { force: true });
    throw new InputError(`${lineage.file}: ${engineReason((err as Error).message)}`);
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
