import type { Columns } from '../sql/catalog.js';
import type { LakeSession } from '../sql/duckdb.js';
import { goldColumns, type FeatureParams } from './params.js';

export const GOLD_BUILDS_COLUMNS: Columns = [
  ['build_id', 'BIGINT'],
  ['from_ts', 'TIMESTAMP'],
  ['to_ts', 'TIMESTAMP'],
  ['step_hours', 'INTEGER'],
  ['windows_hours', 'VARCHAR'],
  ['horizon_hours', 'INTEGER'],
  ['label_cutoff', 'TIMESTAMP'],
  ['row_count', 'BIGINT'],
  ['input_rows', 'BIGINT'],
  ['input_fingerprint', 'VARCHAR'],
  ['silver_build_id', 'BIGINT'],
  ['months', 'VARCHAR'],
  ['started_at', 'TIMESTAMP'],
  ['finished_at', 'TIMESTAMP'],
  ['duration_s', 'DOUBLE'],
];

/** Makes the gold tables queryable, empty until the first build (with the default columns). */
export async function declareGoldTables(session: LakeSession, params: FeatureParams): Promise<void> {
  await session.ensureTable('gold_features', goldColumns(params));
  await session.ensureTable('gold_builds', GOLD_BUILDS_COLUMNS);
}

/** The feature parameters of the newest gold build, if there is one. */
export async function lastBuildParams(session: LakeSession): Promise<FeatureParams | undefined> {
  const [row] = await session.queryFile('gold', 'last_params.sql');
  if (!row) return undefined;
  return { stepHours: Number(row.step_hours), windowsHours: String(row.windows_hours).split(',').map(Number), horizonHours: Number(row.horizon_hours) };
}
