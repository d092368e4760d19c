import type { Dialect } from './dialect.js';
import type { DataFile } from './files.js';
import type { RunSql } from './profile.js';

/**
 * The sample of one source: the first rows of each of its files, together, so that what shows
 * only across files (an asset's next reading, a value fixed per asset) can be seen. Each row
 * keeps its part: which of the source's file names it came from.
 */

/** Rows read per source: enough to see every code and several assets, quick on any folder. */
export const SAMPLE_ROWS = 20_000;
/** A file gives at least this many rows, so that many files are not each judged on a handful. */
const MIN_ROWS_PER_FILE = 100;

export interface SampledFile {
  file: DataFile;
  /** Files of one name (in different folders) are one part; parts of one source are compared. */
  part: number;
}

/** How many rows each file gives, and from how many files (the first, in name order), within SAMPLE_ROWS. */
export function sampleShare(files: number): { rowsPerFile: number; files: number } {
  const rowsPerFile = Math.max(Math.floor(SAMPLE_ROWS / Math.max(files, 1)), MIN_ROWS_PER_FILE);
  return { rowsPerFile, files: Math.min(files, Math.floor(SAMPLE_ROWS / rowsPerFile)) };
}

/** Whitespace-separated files are split line by line, each file's header skipped. */
async function loadLines(run: RunSql, files: readonly SampledFile[], dialect: Dialect, rowsPerFile: number): Promise<{ names: string[]; keys: string[] }> {
  const skip = dialect.header ? 1 : 0;
  for (const [i, { file, part }] of files.entries()) {
    await run('sample_lines.sql', { path: file.path, delim: '\x1f', limit: rowsPerFile + skip, skip, part, offset: i * (rowsPerFile + skip) });
  }
  return { names: dialect.names, keys: dialect.names.map((_, i) => `column${i}`) };
}

/**
 * Loads the sample of a source's files as (row, part, column, value); returns the definition's
 * and the sample's column names. `dialect` is the files' (one for all), undefined for Parquet.
 */
export async function loadSample(run: RunSql, all: readonly SampledFile[], dialect: Dialect | undefined): Promise<{ names: string[]; keys: string[] }> {
  const share = sampleShare(all.length);
  const files = all.slice(0, share.files);
  await run('reset_sample.sql');
  if (dialect?.delimiter === 'whitespace') return loadLines(run, files, dialect, share.rowsPerFile);
  for (const { file, part } of files) {
    if (dialect) await run('sample_csv.sql', { path: file.path, header: dialect.header, delim: dialect.delimiter, limit: share.rowsPerFile });
    else await run('sample_parquet.sql', { path: file.path, limit: share.rowsPerFile });
    await run('gather_rows.sql', { part });
  }
  const keys = (await run('unpivot.sql')).map((row) => String(row.column_name));
  // A headerless file's columns get the draft's names; a header's own spelling is kept.
  const names = dialect && (!dialect.header || dialect.names.length === keys.length) ? keys.map((key, i) => dialect.names[i] ?? key) : keys;
  return { names, keys };
}
