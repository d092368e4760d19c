import { readCatalog } from './catalog.js';
import type { LakeSession } from './duckdb.js';
import { DamageError, InputError } from './errors.js';
import { differenceFrom } from './file-facts.js';
import { retainedVersion } from './history.js';

export interface RestoreReport {
  restoredFrom: number;
  version: number;
  tables: number;
}

/**
 * Publishes a new version whose tables are those of an earlier retained one: a rollback that
 * keeps the history, so the rollback itself can be undone the same way. Refused when a file of
 * that version is gone or changed: a restore never publishes a damaged lake.
 */
export async function restoreVersion(session: LakeSession, version: number): Promise<RestoreReport> {
  const from = retainedVersion(session.lake, version);
  if (from === session.catalog.version) throw new InputError(`version ${from} is already the newest; nothing to restore`);
  const earlier = readCatalog(session.lake, from);
  for (const entry of Object.values(earlier.tables)) {
    for (const file of entry.files) {
      const problem = await differenceFrom(session.path(file), earlier.files[file], false);
      if (problem) throw new DamageError(`cannot restore version ${from}: its file ${file} is ${problem}`);
    }
  }
  const restored = await session.restore(earlier);
  return { restoredFrom: from, version: restored.version, tables: Object.keys(earlier.tables).length };
}
