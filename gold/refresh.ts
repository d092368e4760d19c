import type { LakeSession } from '../sql/duckdb.js';
import { buildGold, type GoldBuildReport } from './build.js';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams } from './params.js';
import { declareGoldTables, lastBuildParams } from './tables.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The feature parameters gold was last built with (the defaults before the first build). */
export async function currentGoldParams(session: LakeSession): Promise<FeatureParams> {
  await declareGoldTables(session, DEFAULT_FEATURE_PARAMS);
  return (await lastBuildParams(session)) ?? DEFAULT_FEATURE_PARAMS;
}

/**
 * Brings gold up to date with silver after new loads: rebuilds only the grid points new rows
 * can change (features from the earliest new row on, labels from one horizon before it), or
 * everything when gold is empty or a machine's description changed. Nothing new: no build.
 */
export async function refreshGold(session: LakeSession): Promise<GoldBuildReport | undefined> {
  const params = await currentGoldParams(session);
  const [affected] = await session.queryFile('gold', 'affected_range.sql');
  const everything = Number(affected?.gold_builds ?? 0) === 0 || Number(affected?.new_machines ?? 0) > 0;
  if (everything) return buildGold(session, { params, reset: false });
  if (!(affected?.first_new_ts instanceof Date)) return undefined;
  const earliest = affected.first_new_ts.getTime() - params.horizonHours * HOUR_MS;
  return buildGold(session, { params, reset: false, from: new Date(Math.floor(earliest / DAY_MS) * DAY_MS) });
}
