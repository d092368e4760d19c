import { rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { catalogFile, catalogVersions, readCatalog } from './catalog.js';
import type { LakeSession } from './duckdb.js';
import { InputError } from './errors.js';
import { isLake } from './lake-dir.js';
import { ownFiles } from './own-files.js';

export interface Retention {
  /** The newest this many versions stay (at least the newest one). */
  keepVersions: number;
  /**
   * Versions superseded this recently stay too: a reader that opened one while it was the newest
   * may still open its files, as DuckDB opens them when it reads them, and again.
   */
  olderThanSeconds: number;
  dryRun: boolean;
}

export interface VacuumReport {
  removedVersions: number[];
  keptVersions: number[];
  removedFiles: number;
  freedBytes: number;
}

/**
 * The versions a vacuum keeps: the newest ones asked for, and those that stopped being the newest
 * (the next one was committed) within the grace; never fewer than the newest.
 */
function retainedVersions(lake: string, retention: Retention, now: Date): number[] {
  const versions = catalogVersions(lake);
  const cutoff = now.getTime() - retention.olderThanSeconds * 1000;
  const supersededAt = (index: number): number => new Date(readCatalog(lake, versions[index + 1] as number).committedAt).getTime();
  const newest = versions.length - Math.max(1, retention.keepVersions);
  return versions.filter((_, i) => i >= newest || supersededAt(i) >= cutoff);
}

/**
 * Deletes the catalog versions outside the retention, then every data file of lakescore's own
 * (sql/own-files.ts) that no retained version names: superseded builds, rewritten logs and the
 * files of commands that crashed before their commit. Catalog files go first, so no reader can
 * open a version whose files are going. Runs under the writer lock: no commit can name a file
 * while it is being judged unnamed. Model directories are left alone: they are the registry's
 * history, and small. A lake with no version yet has nothing a version could name: nothing goes.
 */
export function vacuumLake(session: LakeSession, retention: Retention, now = new Date()): VacuumReport {
  const { lake } = session;
  if (!isLake(lake)) throw new InputError(`${lake} is not a lake: it has no _catalog; vacuum deletes nothing there`);
  const kept = retainedVersions(lake, retention, now);
  if (kept.length === 0) return { removedVersions: [], keptVersions: [], removedFiles: 0, freedBytes: 0 };
  const removedVersions = catalogVersions(lake).filter((v) => !kept.includes(v));
  const named = new Set(kept.flatMap((v) => Object.values(readCatalog(lake, v).tables).flatMap((entry) => entry.files)));
  const own = ownFiles(lake);
  const unnamed = own.files.filter((file) => !named.has(file));
  const freedBytes = unnamed.reduce((sum, file) => sum + statSync(join(lake, file)).size, 0);
  if (!retention.dryRun) {
    for (const version of removedVersions) rmSync(catalogFile(lake, version), { force: true });
    for (const file of unnamed) rmSync(join(lake, file), { force: true });
    removeEmptied(lake, unnamed, own.buildDirectories);
  }
  return { removedVersions, keptVersions: kept, removedFiles: unnamed.length, freedBytes };
}

/**
 * Removes the directories the vacuum emptied, and the empty directories of builds that crashed,
 * deepest first and never a data directory itself; rmdir(2) leaves a directory that is not empty.
 */
function removeEmptied(lake: string, removed: readonly string[], buildDirectories: readonly string[]): void {
  const parents = new Set<string>();
  for (const file of removed) for (let dir = dirname(file); dir.includes('/'); dir = dirname(dir)) parents.add(dir);
  const deepestFirst = [...new Set([...buildDirectories, ...parents])].sort((a, b) => b.split('/').length - a.split('/').length);
  for (const dir of deepestFirst) {
    try {
      rmdirSync(join(lake, dir));
    } catch {
      // not empty: it holds what it still should
    }
  }
}
