import { catalogVersions, readCatalog } from '../sql/catalog.js';

/**
 * What a command wrote into a lake, from its catalogs: the files every version after `since`
 * names that version `since` did not, per table, with the sizes recorded when they were published.
 */
export interface TableWrites {
  table: string;
  files: number;
  bytes: number;
}

export const newestVersion = (lake: string): number => catalogVersions(lake).at(-1) ?? 0;

export function writtenSince(lake: string, since: number): TableWrites[] {
  const before = readCatalog(lake, since);
  const old = new Set(Object.values(before.tables).flatMap((entry) => entry.files));
  const byTable = new Map<string, TableWrites>();
  const seen = new Set<string>();
  for (const version of catalogVersions(lake).filter((v) => v > since)) {
    const catalog = readCatalog(lake, version);
    for (const [table, entry] of Object.entries(catalog.tables)) {
      for (const file of entry.files.filter((f) => !old.has(f) && !seen.has(f))) {
        seen.add(file);
        const writes = byTable.get(table) ?? { table, files: 0, bytes: 0 };
        writes.files += 1;
        writes.bytes += catalog.files[file]?.bytes ?? 0;
        byTable.set(table, writes);
      }
    }
  }
  return [...byTable.values()].sort((a, b) => b.bytes - a.bytes);
}
