import { declareBronzeTables } from '../bronze/tables.js';
import { DEFAULT_FEATURE_PARAMS } from '../gold/params.js';
import { declareGoldTables } from '../gold/tables.js';
import { declareSilverTables } from '../silver/build.js';
import type { LakeSession, Row } from '../sql/duckdb.js';
import { declareModelTables } from './registry.js';
import { declareResultTables } from './results.js';

/** Makes every table of every layer queryable, empty where nothing was written yet. */
export async function declareAllTables(session: LakeSession): Promise<void> {
  await declareBronzeTables(session);
  await declareSilverTables(session);
  await declareGoldTables(session, DEFAULT_FEATURE_PARAMS);
  await declareModelTables(session);
  await declareResultTables(session);
}

/** Recent loads, builds, trainings and scoring runs with status and duration, newest first. */
export async function recentRuns(session: LakeSession, limit: number): Promise<Row[]> {
  await declareAllTables(session);
  return session.queryFile('ml', 'runs.sql', { limit });
}
