import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-file.js';

/**
 * `LAKE/views.sql`: one CREATE VIEW per table of the newest version, over absolute paths, so any
 * DuckDB client opens the lake from anywhere (`duckdb -init LAKE/views.sql`). Rewritten whole,
 * by rename, after every commit.
 */
export const viewsFile = (lake: string): string => join(lake, 'views.sql');

const header = (version: number): string => `-- lakescore lake, version ${version}`;

/** Whether views.sql describes `version` (a writer that died between commit and rewrite leaves it behind). */
export function viewsFileIsCurrent(lake: string, version: number): boolean {
  try {
    return readFileSync(viewsFile(lake), 'utf8').startsWith(`${header(version)}\n`);
  } catch {
    return false;
  }
}

/** Writes the views in the order given: tables first, then the views derived from them. */
export function writeViewsFile(lake: string, version: number, views: ReadonlyMap<string, string>): void {
  const lines = [
    header(version),
    '-- Generated after every commit; the Parquet files are read in place, nothing is copied.',
    ...[...views].map(([name, body]) => `CREATE OR REPLACE VIEW ${name} AS ${body};`),
    '',
  ];
  writeFileAtomically(viewsFile(lake), lines.join('\n'));
}
