import type { Fleet } from '../fleet/fleet.js';
import type { LakeSession } from '../sql/duckdb.js';
import { buildGold, type GoldBuildReport } from './build.js';
import { currentGoldParams } from './tables.js';

const DAY_MS = 86_400_000;

/**
 * Brings gold up to date with silver after new loads: rebuilds only the grid points new rows
 * can change (features from the earliest new row on, labels from one horizon before it), or
 * everything when gold is empty or an asset's description changed. Nothing new: no build.
 */
export async function refreshGold(session: LakeSession, fleet: Fleet): Promise<GoldBuildReport | undefined> {
  const params = await currentGoldParams(session, fleet);
  const [affected] = await session.queryFile('gold', 'affected_range.sql', { asset_table: fleet.hasAssetTable });
  const everything = Number(affected?.gold_builds ?? 0) === 0 || Number(affected?.new_machines ?? 0) > 0;
  if (everything) return buildGold(session, { fleet, params, reset: false });
  if (!(affected?.first_new_ts instanceof Date)) return undefined;
  const earliest = affected.first_new_ts.getTime() - params.horizon.seconds * 1000;
  return buildGold(session, { fleet, params, reset: false, from: new Date(Math.floor(earliest / DAY_MS) * DAY_MS) });
}
