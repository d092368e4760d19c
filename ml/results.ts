import type { Columns } from '../sql/catalog.js';
import type { LakeSession } from '../sql/duckdb.js';

/** The versioned output of scoring (SPEC.md section 7): one results file per successful run. */

export const RESULTS_COLUMNS: Columns = [
  ['run_id', 'BIGINT'],
  ['machine_id', 'INTEGER'],
  ['ts', 'TIMESTAMP'],
  ['model_name', 'VARCHAR'],
  ['model_version', 'INTEGER'],
  ['p_none', 'DOUBLE'],
  ['p_comp1', 'DOUBLE'],
  ['p_comp2', 'DOUBLE'],
  ['p_comp3', 'DOUBLE'],
  ['p_comp4', 'DOUBLE'],
  ['predicted', 'VARCHAR'],
  ['scored_at', 'TIMESTAMP'],
];

export const SCORE_RUNS_COLUMNS: Columns = [
  ['run_id', 'BIGINT'],
  ['model_name', 'VARCHAR'],
  ['model_version', 'INTEGER'],
  ['mode', 'VARCHAR'],
  ['range_from', 'TIMESTAMP'],
  ['range_to', 'TIMESTAMP'],
  ['row_count', 'BIGINT'],
  ['watermark', 'TIMESTAMP'],
  ['status', 'VARCHAR'],
  ['started_at', 'TIMESTAMP'],
  ['finished_at', 'TIMESTAMP'],
  ['error', 'VARCHAR'],
];

/** `results`, `score_runs`, and the derived `results_latest` (newest prediction per machine and ts). */
export async function declareResultTables(session: LakeSession): Promise<void> {
  await session.ensureTable('results', RESULTS_COLUMNS);
  await session.ensureTable('score_runs', SCORE_RUNS_COLUMNS);
  await session.runFile('ml', 'results_latest.sql');
}
