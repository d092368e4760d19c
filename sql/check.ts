import type { LakeSession } from './duckdb.js';
import { differenceFrom } from './file-facts.js';
import { lockProblem, type LockProblem } from './lock.js';

export interface FileDamage {
  table: string;
  file: string;
  problem: string;
}

export interface LakeCheck {
  catalogVersion: number;
  tables: number;
  files: number;
  /** Files published before sizes and checksums were recorded: checked for presence and a readable footer only. */
  unrecorded: number;
  damage: FileDamage[];
  /** A writer lock that cannot serve as one. */
  lock: LockProblem | undefined;
}

/**
 * Verifies every data file the session's catalog names: present, the size it was published
 * with, a Parquet footer DuckDB can read and, unless `quick`, the content checksum recorded at
 * publishing (which reads every byte); and the writer lock, which a writer killed while creating
 * it can leave unreadable.
 */
export async function checkLake(session: LakeSession, options: { quick: boolean }): Promise<LakeCheck> {
  const { catalog } = session;
  const damage: FileDamage[] = [];
  let files = 0;
  let unrecorded = 0;
  for (const [table, entry] of Object.entries(catalog.tables).sort(([a], [b]) => a.localeCompare(b))) {
    for (const file of entry.files) {
      files++;
      const recorded = catalog.files[file];
      if (!recorded) unrecorded++;
      const problem = (await differenceFrom(session.path(file), recorded, !options.quick)) ?? (await session.parquetProblem(file));
      if (problem) damage.push({ table, file, problem });
    }
  }
  const lock = await lockProblem(session.lake, session.scratchPath('writer-lock-copy'));
  return { catalogVersion: catalog.version, tables: Object.keys(catalog.tables).length, files, unrecorded, damage, lock };
}
