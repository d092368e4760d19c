import type { Fleet } from '../fleet/fleet.js';
import type { LakeSession, Params } from '../sql/duckdb.js';
import { listParam, SqlValues } from '../sql/values.js';
import { alarmCounts, readingColumns, replacementPivot, windowAggregates } from './expressions.js';
import { featureSensors, hasMaintenance, type FeatureParams } from './params.js';
import { defineGoldReadings } from './regimes/readings.js';

/** One table of statistics per window, longest first, joined into telemetry_features. */
async function computeTelemetryFeatures(session: LakeSession, fleet: Fleet, params: FeatureParams, range: Params): Promise<void> {
  const windows = [...params.windows].sort((a, b) => b.seconds - a.seconds);
  const tables = windows.map((_, i) => `window_features_${i}`);
  for (const [i, window] of windows.entries()) {
    await session.runFile('gold', 'window_features.sql', { ...range, window_s: window.seconds }, {
      table: tables[i] as string,
      sensors: readingColumns(fleet, params),
      aggregates: windowAggregates(fleet, params, window, i === 0),
    });
  }
  const joins = tables.slice(1).map((table) => `LEFT JOIN ${table} USING (machine_id, ts)`).join('\n');
  await session.runFile('gold', 'telemetry_features.sql', {}, { longest: tables[0] as string, joins });
}

/**
 * Builds the grid, the readings the windows read (gold_readings), and one temp table per kind of feature (telemetry_features, error_features,
 * replacement_features). A fleet without alarms or maintenance gets empty ones, so assembling the
 * row is the same statement for every fleet.
 */
export async function computeFeatures(session: LakeSession, fleet: Fleet, params: FeatureParams, range: Params): Promise<void> {
  await session.runFile('gold', 'prepare.sql');
  await session.runFile('gold', 'grid.sql', range);
  await defineGoldReadings(session, featureSensors(fleet, params), params.regimes);
  await computeTelemetryFeatures(session, fleet, params, range);
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
