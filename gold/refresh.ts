import type { Fleet } from '../fleet/fleet.js';
import type { LakeSession } from '../sql/duckdb.js';
import { buildGold, buildGoldChanges, type GoldBuildReport } from './build.js';
import { fleetParams } from './params.js';
import { currentGoldParams } from './tables.js';

/**
 * Brings gold up to date with silver after new loads, with the parameters gold was built with:
 * everything when gold is empty or was built under another definition, else per asset the rows the new loads can change. Nothing new,
 * or no readings yet: no build.
 */
export async function refreshGold(session: LakeSession, fleet: Fleet): Promise<GoldBuildReport | undefined> {
  const params = await currentGoldParams(session, fleet);
  // a new fleet's first nights may bring only its asset table or alarms: no grid yet
  const [readings] = await session.query('SELECT count(*) AS n FROM silver_telemetry');
  if (Number(readings?.n ?? 0) === 0) return undefined;
  const [last] = await session.queryFile('gold', 'last_params.sql');
  if (!last) return buildGold(session, { fleet, params, reset: false });
  // a definition adopted since (`lakescore fleet apply`) changes how every row was made: all of gold is rebuilt, with its features
  if (last.fleet_hash !== fleet.hash) return buildGold(session, { fleet, params: fleetParams(fleet), reset: true });
  return buildGoldChanges(session, fleet, params);
}
