import { catalogVersions, readCatalog, type Catalog } from './catalog.js';
import { InputError } from './errors.js';

/** What one commit did to one table: the files it added and dropped, and their rows. */
export interface TableChange {
  table: string;
  filesAdded: number;
  filesRemoved: number;
  /** null when a file was published before row counts were recorded. */
  rowsAdded: number | null;
  rowsRemoved: number | null;
}

export interface VersionEntry {
  version: number;
  committedAt: string;
  command: string | null;
  changes: TableChange[];
}

function rowsOf(catalog: Catalog, files: readonly string[]): number | null {
  let total = 0;
  for (const file of files) {
    const rows = catalog.files[file]?.rows;
    if (rows === undefined) return null;
    total += rows;
  }
  return total;
}

/** The tables whose files differ between two consecutive versions. */
function changesBetween(before: Catalog, after: Catalog): TableChange[] {
  const names = new Set([...Object.keys(before.tables), ...Object.keys(after.tables)]);
  const changes: TableChange[] = [];
  for (const table of [...names].sort()) {
    const old = new Set(before.tables[table]?.files ?? []);
    const now = new Set(after.tables[table]?.files ?? []);
    const added = [...now].filter((f) => !old.has(f));
    const removed = [...old].filter((f) => !now.has(f));
    if (added.length === 0 && removed.length === 0) continue;
    changes.push({ table, filesAdded: added.length, filesRemoved: removed.length, rowsAdded: rowsOf(after, added), rowsRemoved: rowsOf(before, removed) });
  }
  return changes;
}

/**
 * The lake's retained versions, newest first, each with the command that committed it and what
 * it changed. The oldest retained version is compared with an empty lake when its predecessor is
 * gone, so it shows everything it held.
 */
export function lakeHistory(lake: string, limit: number): VersionEntry[] {
  const versions = catalogVersions(lake).reverse().slice(0, limit + 1);
  const entries: VersionEntry[] = [];
  for (let i = 0; i < Math.min(limit, versions.length); i++) {
    const version = versions[i] as number;
    const after = readCatalog(lake, version);
    const previous = versions[i + 1] === version - 1 ? readCatalog(lake, version - 1) : { ...after, tables: {}, files: {} };
    entries.push({ version, committedAt: after.committedAt, command: after.command ?? null, changes: changesBetween(previous, after) });
  }
  return entries;
}

/** A version given as a number or as a time (the newest version committed by then), checked to be retained. */
export function retainedVersion(lake: string, asOf: number | Date): number {
  const versions = catalogVersions(lake);
  const range = versions.length > 0 ? `retained: ${versions[0]} to ${versions.at(-1)}` : 'the lake has no versions yet';
  if (typeof asOf === 'number') {
    if (!versions.includes(asOf)) throw new InputError(`version ${asOf} is not retained (${range})`);
    return asOf;
  }
  const version = [...versions].reverse().find((v) => new Date(readCatalog(lake, v).committedAt) <= asOf);
  if (version === undefined) throw new InputError(`no retained version was committed by ${asOf.toISOString()} (${range})`);
  return version;
}
