import { randomUUID } from 'node:crypto';
import { rmSync, symlinkSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Fleet, Source } from '../fleet/fleet.js';
import type { LakeSession, Params } from '../sql/duckdb.js';
import { excerpt, InputError } from '../sql/errors.js';
import { identifier, loadSqlFile, timestampText } from '../sql/text.js';
import { namedColumns } from './columns.js';
import type { SourceFile } from './discover.js';
import { FIRST_LINE_LIMIT, type Fingerprint } from './fingerprint.js';
import { headerOf, mapColumns, recogniseSource, type ColumnMapping } from './recognise.js';

/**
 * How a source file is read: a SELECT DuckDB streams the file through, each row numbered, which
 * the load's COPY reads once. Nothing is staged, so an ingest's memory does not grow with the file.
 */
export interface SourceReader {
  source: Source;
  mapping: ColumnMapping;
  /** The SELECT over the file, with its row numbers as `__lakescore_line`, and the values it binds. */
  select: string;
  params: Params;
  /** SQL for the file's column at a 0-based position. */
  column: (position: number) => string;
  /** SQL that is true for a row that is data (not a blank line). */
  dataRows: string;
  /** The path DuckDB reads (a link, see literalPath), to be named as the user's file in messages. */
  readPath: string;
}

/** A whitespace-separated file's blank lines split into no field or one empty one. */
const NOT_BLANK = `fields IS NOT NULL AND fields <> ['']`;
/** The control character a whitespace-separated file is read with, so that each line is one value. */
const WHOLE_LINE = '\x1f';

/**
 * Recognises the file's source, matches its header, and returns how to read it; a whitespace-
 * separated file is read once more here, to refuse one whose lines do not all have the header's
 * number of fields before anything is written.
 */
export async function readerFor(session: LakeSession, fleet: Fleet, file: SourceFile, { firstLine, firstLineComplete }: Fingerprint): Promise<SourceReader> {
  const path = literalPath(session, file.path);
  try {
    if (file.format === 'parquet') {
      const described = await session.queryFile('bronze', 'parquet_columns.sql', { path });
      const header = described.map((r) => String(r.column_name));
      const source = recogniseSource(fleet, file.path, undefined, header);
      // typed times become UTC wall-clock text (the session's zone is UTC), as a CSV would hold them
      const isTime = described.map((r) => /^(TIMESTAMP|DATE)/.test(String(r.column_type)));
      const column = (p: number): string => (isTime[p] ? `CAST(#${p + 1} AS TIMESTAMP)` : `#${p + 1}`);
      return { source, mapping: mapColumns(file.path, source, header), select: loadSqlFile('bronze', 'read_parquet.sql', {}), params: { path }, column, dataRows: 'true', readPath: path };
    }
    const source = recogniseSource(fleet, file.path, firstLine);
    if (source.csv.header && (firstLine ?? '').trim() === '') throw new InputError(`${file.path}: empty file (no header line)`);
    if (source.csv.header && !firstLineComplete) throw new InputError(`${file.path}: the header line is longer than ${FIRST_LINE_LIMIT / 2 ** 20} MB`);
    const header = headerOf(source, firstLine);
    const mapping = mapColumns(file.path, source, header);
    if (source.csv.delimiter === 'whitespace') {
      const reader: SourceReader = {
        source,
        mapping,
        select: loadSqlFile('bronze', 'read_lines.sql', {}),
        params: { path, header: source.csv.header, delim: WHOLE_LINE },
        column: (p) => `fields[${p + 1}]`,
        dataRows: NOT_BLANK,
        readPath: path,
      };
      await checkFieldCounts(session, file.path, reader, header.length);
      return reader;
    }
    const columns = `{${header.map((_, i) => `'c${i + 1}': 'VARCHAR'`).join(', ')}}`;
    return {
      source,
      mapping,
      select: loadSqlFile('bronze', 'read_csv.sql', { columns }),
      params: { path, header: source.csv.header, delim: source.csv.delimiter, quote: source.csv.quote },
      column: (p) => `c${p + 1}`,
      dataRows: 'true',
      readPath: path,
    };
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

async function checkFieldCounts(session: LakeSession, path: string, reader: SourceReader, expected: number): Promise<void> {
  const [bad] = await session.queryFile(
    'bronze',
    'field_count.sql',
    { ...reader.params, expected, header_lines: reader.params.header ? 1 : 0 },
    { reader: reader.select, data_rows: reader.dataRows },
  );
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
 * Writes the load's Parquet file as the source streams through, returning its rows. A file that
 * fails part way (a malformed row far down) leaves no file behind: the load is all or nothing.
 */
export async function writeLoad(
  session: LakeSession,
  reader: SourceReader,
  relativeFile: string,
  lineage: { file: string; sha256: string; loadId: number; loadedAt: Date },
): Promise<number> {
  const projection = namedColumns(reader.source)
    .map((c, i) => `CAST(${reader.column(reader.mapping.positions[i] as number)} AS VARCHAR) AS ${identifier(c.bronze)}`)
    .join(', ');
  const out = session.dataFile(relativeFile);
  try {
    const [written] = await session.queryFile(
      'bronze',
      'write_load.sql',
      { ...reader.params, out, source_file: lineage.file, sha256: lineage.sha256, load_id: lineage.loadId, loaded_at: timestampText(lineage.loadedAt) },
      { projection, reader: reader.select, data_rows: reader.dataRows },
    );
    return Number(written?.Count ?? 0);
  } catch (err) {
    rmSync(out, { force: true });
    throw new InputError(`${lineage.file}: ${engineReason((err as Error).message.replaceAll(reader.readPath, lineage.file))}`);
  }
}
