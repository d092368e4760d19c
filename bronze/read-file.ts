import { randomUUID } from 'node:crypto';
import { symlinkSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Fleet, Source } from '../fleet/fleet.js';
import type { LakeSession } from '../sql/duckdb.js';
import { excerpt, InputError, LakescoreError } from '../sql/errors.js';
import { identifier, loadSqlFile } from '../sql/text.js';
import { namedColumns } from './columns.js';
import type { SourceFile } from './discover.js';
import type { Fingerprint } from './fingerprint.js';
import { headerOf, mapColumns, recogniseSource, type ColumnMapping } from './recognise.js';

/**
 * A source file read into the temp table `staged`: its source, where its named columns are, and
 * how to refer to one. Staging, not streaming: DuckDB reads a CSV file in parallel into a table
 * (whose rowid is the file's row order), and spills the table to disk past the memory limit, so
 * memory stays bounded. Streaming it instead, numbered by a streaming window, runs on one thread:
 * for 8.76 M rows under a 512 MiB limit it took 11.8 s where staging took 8.3 s, at the same 0.77 GB.
 */
export interface StagedFile {
  source: Source;
  mapping: ColumnMapping;
  /** SQL for the staged column at a 0-based position in the file. */
  column: (position: number) => string;
  /** SQL that is true for a staged row that is data (not a blank line). */
  dataRows: string;
}

/**
 * The memory an ingest prefers when none is given: the staged table spills in order, at little
 * cost (8.3 s under 512 MiB against 7.4 s under 1 GiB for 8.76 M rows, peaking at 0.9 GB
 * against 1.3 GB).
 */
export const STAGING_MEMORY_MIB = 512;

/** A whitespace-separated file's blank lines split into no field or one empty one. */
const NOT_BLANK = `fields IS NOT NULL AND fields <> ['']`;
/** The control character a whitespace-separated file is read with, so that each line is one value. */
const WHOLE_LINE = '\x1f';

/** Recognises the file's source, matches its header, and stages its rows, refusing a malformed file whole. */
export async function stageFile(session: LakeSession, fleet: Fleet, file: SourceFile, { firstLine }: Fingerprint): Promise<StagedFile> {
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
      const staged = { source, mapping: mapColumns(file.path, source, header), column, dataRows: 'true' };
      await checkTextCasts(session, staged);
      return staged;
    }
    const source = recogniseSource(fleet, file.path, firstLine);
    if (source.csv.header && (firstLine ?? '').trim() === '') throw new InputError(`${file.path}: empty file (no header line)`);
    const header = headerOf(source, firstLine);
    const mapping = mapColumns(file.path, source, header);
    const params = { path, header: source.csv.header };
    if (source.csv.delimiter === 'whitespace') {
      await session.runFile('bronze', 'stage_lines.sql', { ...params, delim: WHOLE_LINE });
      await checkFieldCounts(session, file.path, header.length, source.csv.header);
      return { source, mapping, column: (p) => `fields[${p + 1}]`, dataRows: NOT_BLANK };
    }
    const columns = `{${header.map((_, i) => `'c${i + 1}': 'VARCHAR'`).join(', ')}}`;
    await session.runFile('bronze', 'stage_csv.sql', { ...params, delim: source.csv.delimiter, quote: source.csv.quote }, { columns });
    return { source, mapping, column: (p) => `c${p + 1}`, dataRows: 'true' };
  } catch (err) {
    // a full disk (DiskFullError) is not the file's fault: it fails the command, not the file
    if (err instanceof LakescoreError) throw err;
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

/**
 * Turns every typed value of the named columns into text once (a DATE past the TIMESTAMP range
 * cannot be), so that a value that fails rejects its own file here, not the batch it would join.
 */
async function checkTextCasts(session: LakeSession, staged: StagedFile): Promise<void> {
  const counts = textColumns(staged).map(({ text }) => `count(${text})`);
  await session.queryFile('bronze', 'text_casts.sql', {}, { counts: counts.join(', '), data_rows: staged.dataRows });
}

/** The source's named columns of a staged file, each as text, with its bronze name. */
function textColumns(staged: StagedFile): { text: string; name: string }[] {
  return namedColumns(staged.source).map((c, i) => ({ text: `CAST(${staged.column(staged.mapping.positions[i] as number)} AS VARCHAR)`, name: identifier(c.bronze) }));
}

async function checkFieldCounts(session: LakeSession, path: string, expected: number, header: boolean): Promise<void> {
  const [bad] = await session.queryFile('bronze', 'field_count.sql', { expected, header_lines: header ? 1 : 0 }, { data_rows: NOT_BLANK });
  if (bad) throw new InputError(`${path}: line ${String(bad.line)} has ${String(bad.fields ?? 0)} fields, expected ${expected}`);
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

/**
 * Keeps a file's staged rows, under a table name of its own, until the batch it belongs to is
 * written (see batch.ts): renamed, not copied, so its rowid is still the file's row order.
 * Returns how many of them are data.
 */
export async function keepStaged(session: LakeSession, staged: StagedFile, table: string): Promise<number> {
  const [count] = await session.queryFile('bronze', 'keep_staged.sql', {}, { table: identifier(table), data_rows: staged.dataRows });
  return Number(count?.row_count ?? 0);
}

/**
 * The SELECT of a kept file's bronze rows: its named columns as text, then lineage, bound from
 * the parameters suffixed `_n` (source_file, sha256, load_id, loaded_at), so that one statement
 * can join the selects of many files.
 */
export function bronzeRows(staged: StagedFile, table: string, n: number): string {
  const projection = textColumns(staged)
    .map(({ text, name }) => `${text} AS ${name}`)
    .join(', ');
  return loadSqlFile('bronze', 'bronze_rows.sql', { projection, n: String(n), table: identifier(table), data_rows: staged.dataRows });
}
