import type { Fleet } from '../fleet/fleet.js';
import type { LakeSession, Params } from '../sql/duckdb.js';
import { listParam, SqlValues } from '../sql/values.js';
import { alarmCounts, replacementPivot, sensorList, telemetryAggregates } from './expressions.js';
import { hasMaintenance, type FeatureParams } from './params.js';

/**
 * Builds the grid and one temp table per kind of feature (telemetry_features, error_features,
 * replacement_features). A fleet without alarms or maintenance gets empty ones, so assembling the
 * row is the same statement for every fleet.
 */
export async function computeFeatures(session: LakeSession, fleet: Fleet, params: FeatureParams, range: Params): Promise<void> {
  await session.runFile('gold', 'prepare.sql');
  await session.runFile('gold', 'grid.sql', range);
  const telemetry = new SqlValues('t');
  const aggregates = telemetryAggregates(fleet, params, telemetry);
  await session.runFile('gold', 'telemetry_features.sql', { ...range, ...telemetry.params }, { sensors: sensorList(fleet), aggregates });
  if (params.alarmCodes.length > 0) {
    const alarms = new SqlValues('a');
    const counts = alarmCounts(params, alarms);
    await session.runFile('gold', 'error_features.sql', { ...range, ...alarms.params }, { counts });
  } else {
    await session.runFile('gold', 'no_features.sql', {}, { table: 'error_features' });
  }
  if (hasMaintenance(fleet) && fleet.components.length > 0) {
    const components = new SqlValues('c');
    const pivot = replacementPivot(fleet, components);
    await session.runFile('gold', 'replacement_features.sql', { components: listParam(fleet.components), ...components.params }, { pivot });
  } else {
    await session.runFile('gold', 'no_features.sql', {}, { table: 'replacement_features' });
  }
}
