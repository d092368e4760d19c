import type { Fleet } from '../fleet/fleet.js';
import type { LakeSession } from '../sql/duckdb.js';
import { buildGold, buildGoldChanges, type GoldBuildReport } from './build.js';
import { fleetParams } from './params.js';
import { declareGoldTables, lastGoldBuild } from './tables.js';

/**
 * Brings gold up to date with silver after new loads: everything when gold is empty or was built
 * under another definition, else, with the parameters gold was built with, per asset the rows the
 * new loads can change. Nothing new, or no readings yet: no build.
 */
export async function refreshGold(session: LakeSession, fleet: Fleet): Promise<GoldBuildReport | undefined> {
  await declareGoldTables(session, fleet);
  // a new fleet's first nights may bring only its asset table or alarms: no grid yet
  const [readings] = await session.query('SELECT count(*) AS n FROM silver_telemetry');
  if (Number(readings?.n ?? 0) === 0) return undefined;
  const last = await lastGoldBuild(session);
  if (!last) return buildGold(session, { fleet, params: fleetParams(fleet), reset: false });
  // a definition adopted since (`lakescore fleet apply`) changes how every row was made: all of gold is rebuilt, with its features
  if (last.fleetHash !== fleet.hash) return buildGold(session, { fleet, params: fleetParams(fleet), reset: true });
  return buildGoldChanges(session, fleet, last.params());
}
