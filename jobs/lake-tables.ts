import { declareBronzeTables } from '../bronze/tables.js';
import { declareExportTables } from '../deliver/exports.js';
import type { Fleet } from '../fleet/fleet.js';
import { declareGoldTables } from '../gold/tables.js';
import { declareSilverTables } from '../silver/build.js';
import type { LakeSession } from '../sql/duckdb.js';
import { declareModelTables } from '../ml/registry.js';
import { declareResultTables } from '../ml/results.js';
import { declarePerformanceTables } from '../ml/monitor/performance-table.js';
import { declareEvaluationTable } from '../ml/retrain/evaluations.js';
import { declareFailedSteps } from './failed-steps.js';

/** Makes every table of every layer queryable, empty where nothing was written yet. */
export async function declareAllTables(session: LakeSession, fleet: Fleet): Promise<void> {
  await declareBronzeTables(session, fleet);
  await declareSilverTables(session, fleet);
  await declareGoldTables(session, fleet);
  await declareModelTables(session);
  await declareEvaluationTable(session);
  await declareResultTables(session, fleet);
  await declarePerformanceTables(session);
  await declareExportTables(session);
  await declareFailedSteps(session);
}
