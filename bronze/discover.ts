import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Fleet } from '../fleet/fleet.js';
import { entriesBelow } from '../fleet/walk.js';
import { InputError } from '../sql/errors.js';
import { sourceFromName } from './recognise.js';

export type FileFormat = 'csv' | 'csv.gz' | 'parquet';

export interface SourceFile {
  path: string;
  format: FileFormat;
  bytes: number;
  /** Its modification time in nanoseconds: with path and size, what tells an unchanged file without reading it. */
  modifiedNs: bigint;
}

/** The format a data file's name says: .csv, .csv.gz, .parquet. */
function formatOf(path: string): FileFormat | undefined {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.csv.gz')) return 'csv.gz';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.parquet')) return 'parquet';
  return undefined;
}

/**
 * A file that a source's pattern names is data whatever its extension (`train_FD001.txt.gz`):
 * Parquet when the source says so, otherwise text, gzip-compressed when the name ends in `.gz`.
 */
function formatFor(fleet: Fleet, path: string): FileFormat | undefined {
  const source = sourceFromName(fleet, path);
  if (source?.format === 'parquet') return 'parquet';
  if (source) return formatOf(path) ?? (path.toLowerCase().endsWith('.gz') ? 'csv.gz' : 'csv');
  return formatOf(path);
}

/**
 * Expands the paths given to `ingest` into data files, in a stable order (directories by name).
 * Inside a directory other files are passed over and listed; a file named explicitly must be data.
 */
export function discoverFiles(fleet: Fleet, paths: readonly string[]): { files: SourceFile[]; ignored: string[] } {
  try {
    return discover(fleet, paths);
  } catch (err) {
    if (err instanceof InputError) throw err;
    // a symlink loop, a file that vanished or cannot be read: one line, not a stack trace
    const e = err as NodeJS.ErrnoException;
    throw new InputError(`${e.path ?? paths.join(', ')}: cannot be read (${e.code ?? e.message})`);
  }
}

function discover(fleet: Fleet, paths: readonly string[]): { files: SourceFile[]; ignored: string[] } {
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
    const candidates = stats.isDirectory() ? entriesBelow(path) : [path];
    for (const candidate of candidates) {
      const format = formatFor(fleet, candidate);
      const stat = format ? statSync(candidate, { bigint: true }) : undefined;
      if (format && stat) files.push({ path: candidate, format, bytes: Number(stat.size), modifiedNs: stat.mtimeNs });
      else if (stats.isDirectory()) ignored.push(candidate);
      else throw new InputError(`${given}: not a data file (expected .csv, .csv.gz, .parquet, or a name a source's files pattern matches)`);
    }
  }
  return { files, ignored };
}
