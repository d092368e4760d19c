import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest, type FileOutcome } from '../bronze/ingest.js';
import type { Fleet } from '../fleet/fleet.js';
import { buildSilver, type SilverBuildReport } from '../silver/build.js';
import { LakeSession } from '../sql/duckdb.js';
import { declareAllTables } from './lake-tables.js';

export interface DefinitionTrial {
  files: FileOutcome[];
  /** What silver made of the loaded rows; undefined when no file loaded. */
  silver: SilverBuildReport | undefined;
}

/**
 * `lakescore fleet check FILE DATA...`: the sample files go through exactly what ingest and a
 * silver build would do with them, in a throwaway lake that is removed afterwards, so a user
 * learns whether a definition fits their files before any lake exists.
 */
export async function tryDefinition(fleet: Fleet, paths: readonly string[]): Promise<DefinitionTrial> {
  const dir = mkdtempSync(join(tmpdir(), 'lakescore-fleet-check-'));
  try {
    return await LakeSession.using(join(dir, 'lake'), { write: { command: 'fleet check', waitSeconds: 0 } }, async (session) => {
      await declareAllTables(session, fleet);
      const { outcomes } = await ingest(session, fleet, paths);
      const silver = outcomes.some((o) => o.status === 'loaded') ? await buildSilver(session, fleet, { force: false }) : undefined;
      return { files: outcomes, silver };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
