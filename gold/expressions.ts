import type { Duration } from '../fleet/duration.js';
import type { Aggregate, Fleet } from '../fleet/fleet.js';
import { identifier } from '../sql/text.js';
import type { SqlValues } from '../sql/values.js';
import {
  AGE_FEATURE, aggregatesOf, alarmFeature, CURRENT_REGIME, featureColumns, featureSensors, hasMaintenance, regimeFeatures, regimeShareFeature,
  replacementFeature, telemetryFeature, telemetryFeatures, type FeatureParams,
} from './params.js';
import { regimeNumbers } from './regimes/regime-params.js';

/**
 * SQL fragments generated from the fleet's sensors, codes and components and the feature
 * parameters. Names are checked identifiers; codes, components and window lengths are bound values.
 */

/** Hours between a reading and its grid point (<= 0): the x of a slope per hour, small and exact. */
const HOURS_BEFORE = `((epoch_us(reading_ts) - epoch_us(ts)) / 3600000000.0)`;

function aggregate(kind: Aggregate, sensor: string): string {
  const s = identifier(sensor);
  switch (kind) {
    case 'mean':
      return `avg(${s})`;
    case 'std':
      return `stddev_samp(${s})`;
    case 'min':
      return `min(${s})`;
    case 'max':
      return `max(${s})`;
    case 'last':
      // arg_max passes over NULL values, so an optional sensor's last is its newest reading
      return `arg_max(${s}, reading_ts)`;
    case 'slope':
      // one reading has no trend: NULL, where regr_slope would give 0/0 = NaN
      return `CASE WHEN regr_count(${s}, ${HOURS_BEFORE}) > 1 THEN regr_slope(${s}, ${HOURS_BEFORE}) END`;
  }
}

/** Each aggregate of each sensor over one window, from the readings fed to the window's grid points. */
export function windowAggregates(fleet: Fleet, params: FeatureParams, window: Duration, longest: boolean): string {
  const sensors = featureSensors(fleet, params).flatMap((sensor) =>
    aggregatesOf(params, window).map((kind) => `${aggregate(kind, sensor)} AS ${identifier(telemetryFeature(sensor, kind, window))}`),
  );
  return [...sensors, ...regimeAggregates(params, window, longest)].join(',\n  ');
}

/**
 * Each regime's share of the window's readings whose regime is known, and, in the longest window
 * (whose rows reach furthest back), the regime of the newest reading.
 */
function regimeAggregates(params: FeatureParams, window: Duration, longest: boolean): string[] {
  const wanted = params.regimes?.features ?? [];
  const shares = wanted.includes('share')
    ? regimeNumbers(params.regimes).map((n) => `avg((regime = ${n})::DOUBLE) AS ${identifier(regimeShareFeature(n, window))}`)
    : [];
  const current = longest && wanted.includes('current') ? [`arg_max(regime, reading_ts)::VARCHAR AS ${identifier(CURRENT_REGIME)}`] : [];
  return [...shares, ...current];
}

/** The readings' columns the windows read: the aggregated sensors, and the regime where there is one. */
export const readingColumns = (fleet: Fleet, params: FeatureParams): string =>
  [...featureSensors(fleet, params), ...(params.regimes ? ['regime'] : [])].map(identifier).join(', ');

export const alarmCounts = (params: FeatureParams, values: SqlValues): string =>
  params.alarmCodes.map((code) => `count(*) FILTER (WHERE error_id = ${values.bind(code)}) AS ${identifier(alarmFeature(code, params.alarmWindow))}`).join(', ');

export const replacementPivot = (fleet: Fleet, values: SqlValues): string =>
  fleet.components.map((comp) => `max(days) FILTER (WHERE comp = ${values.bind(comp)}) AS ${identifier(replacementFeature(comp))}`).join(', ');

/** The SELECT list of the assembled gold row, joining the feature tables built for this fleet. */
export function assembledColumns(fleet: Fleet, params: FeatureParams): string {
  const telemetry = new Set([...telemetryFeatures(fleet, params).map(([name]) => name), ...regimeFeatures(params).map(([name]) => name)]);
  const alarms = new Set(params.alarmCodes.map((code) => alarmFeature(code, params.alarmWindow)));
  const replacements = new Set(hasMaintenance(fleet) ? fleet.components.map(replacementFeature) : []);
  return featureColumns(fleet, params)
    .map(([name]) => {
      const column = identifier(name);
      if (telemetry.has(name)) return `t.${column}`;
      if (alarms.has(name)) return `coalesce(e.${column}, 0)::INTEGER AS ${column}`;
      if (replacements.has(name)) return `r.${column}`;
      if (name === AGE_FEATURE && params.age) return `(epoch_us(g.ts) - epoch_us(g.first_ts)) / 86400000000.0 AS ${column}`;
      return `m.${column}`;
    })
    .join(',\n  ');
}
