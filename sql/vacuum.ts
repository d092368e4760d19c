import { readdirSync, rmSync, statSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { catalogFile, catalogVersions, readCatalog } from './catalog.js';
import type { LakeSession } from './duckdb.js';

export interface Retention {
  /** The newest this many versions stay (at least the newest one). */
  keepVersions: number;
  /** Versions committed this recently stay too, so that a reader that opened one still finds its files. */
  olderThanSeconds: number;
  dryRun: boolean;
}

export interface VacuumReport {
  removedVersions: number[];
  keptVersions: number[];
  removedFiles: number;
  freedBytes: number;
}

/** The versions a vacuum keeps: the newest ones asked for and the recent ones; never fewer than the newest. */
function retainedVersions(lake: string, retention: Retention, now: Date): number[] {
  const versions = catalogVersions(lake);
  const newest = versions.slice(-Math.max(1, retention.keepVersions));
  const cutoff = now.getTime() - retention.olderThanSeconds * 1000;
  const recent = versions.filter((v) => new Date(readCatalog(lake, v).committedAt).getTime() >= cutoff);
  return [...new Set([...newest, ...recent])].sort((a, b) => a - b);
}

/** Every Parquet file under the lake's data directories, relative to the lake. */
function parquetFilesIn(lake: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      // the lake's own directories (_catalog, _logs, _tmp) hold no table files
      if (entry.isDirectory() && !(dir === lake && entry.name.startsWith('_'))) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.parquet')) found.push(relative(lake, path));
    }
  };
  walk(lake);
  return found;
}

/**
 * Deletes the catalog versions outside the retention, then every Parquet file no retained
 * version names: superseded builds, rewritten logs and the files of commands that crashed before
 * their commit. Catalog files go first, so no reader can open a version whose files are going.
 * Runs under the writer lock: no commit can name a file while it is being judged unnamed.
 * Model directories are left alone: they are the registry's history, and small.
 */
export function vacuumLake(session: LakeSession, retention: Retention, now = new Date()): VacuumReport {
  const { lake } = session;
  const kept = retainedVersions(lake, retention, now);
  const removedVersions = catalogVersions(lake).filter((v) => !kept.includes(v));
  const named = new Set(kept.flatMap((v) => Object.values(readCatalog(lake, v).tables).flatMap((entry) => entry.files)));
  const unnamed = parquetFilesIn(lake).filter((file) => !named.has(file));
  const freedBytes = unnamed.reduce((sum, file) => sum + statSync(join(lake, file)).size, 0);
  if (!retention.dryRun) {
    for (const version of removedVersions) rmSync(catalogFile(lake, version), { force: true });
    for (const file of unnamed) rmSync(join(lake, file), { force: true });
    removeEmptyDirectories(lake);
  }
  return { removedVersions, keptVersions: kept, removedFiles: unnamed.length, freedBytes };
}

/** Directories a vacuum emptied (an old silver build's), but not the lake's own `_` directories. */
function removeEmptyDirectories(lake: string): void {
  const prune = (dir: string): boolean => {
    let empty = true;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !(dir === lake && entry.name.startsWith('_')) && prune(join(dir, entry.name))) continue;
      empty = false;
    }
    if (empty && dir !== lake) rmSync(dir, { recursive: true, force: true });
    return empty && dir !== lake;
  };
  prune(lake);
}
