import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../sql/errors.js';

export type FileFormat = 'csv' | 'csv.gz' | 'parquet';

export interface SourceFile {
  path: string;
  format: FileFormat;
  bytes: number;
}

export function formatOf(path: string): FileFormat | undefined {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.csv.gz')) return 'csv.gz';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.parquet')) return 'parquet';
  return undefined;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/**
 * Expands the paths given to `ingest` into data files, in a stable order (directories by name).
 * Inside a directory other files are passed over and listed; a file named explicitly must be data.
 */
export function discoverFiles(paths: readonly string[]): { files: SourceFile[]; ignored: string[] } {
  const files: SourceFile[] = [];
  const ignored: string[] = [];
  for (const given of paths) {
    const path = resolve(given);
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new InputError(`${given}: no such file or directory`);
    }
    const candidates = stats.isDirectory() ? walk(path) : [path];
    for (const candidate of candidates) {
      const format = formatOf(candidate);
      if (format) files.push({ path: candidate, format, bytes: statSync(candidate).size });
      else if (stats.isDirectory()) ignored.push(candidate);
      else throw new InputError(`${given}: not a CSV, gzip CSV or Parquet file (expected .csv, .csv.gz or .parquet)`);
    }
  }
  return { files, ignored };
}
