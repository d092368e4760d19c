import type { Duration } from '../fleet/duration.js';
import type { Aggregate, Fleet } from '../fleet/fleet.js';
import { identifier } from '../sql/text.js';
import type { SqlValues } from '../sql/values.js';
import { alarmFeature, featureColumns, hasMaintenance, replacementFeature, telemetryFeature, type FeatureParams } from './params.js';

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
export function windowAggregates(fleet: Fleet, params: FeatureParams, window: Duration): string {
  return fleet.sensors
    .flatMap((sensor) => params.aggregates.map((kind) => `${aggregate(kind, sensor.name)} AS ${identifier(telemetryFeature(sensor.name, kind, window))}`))
    .join(',\n  ');
}

export const sensorList = (fleet: Fleet): string => fleet.sensors.map((s) => identifier(s.name)).join(', ');

export const alarmCounts = (params: FeatureParams, values: SqlValues): string =>
  params.alarmCodes.map((code) => `count(*) FILTER (WHERE error_id = ${values.bind(code)}) AS ${identifier(alarmFeature(code, params.alarmWindow))}`).join(', ');

export const replacementPivot = (fleet: Fleet, values: SqlValues): string =>
  fleet.components.map((comp) => `max(days) FILTER (WHERE comp = ${values.bind(comp)}) AS ${identifier(replacementFeature(comp))}`).join(', ');

/** The SELECT list of the assembled gold row, joining the feature tables built for this fleet. */
export function assembledColumns(fleet: Fleet, params: FeatureParams): string {
  const telemetry = new Set(fleet.sensors.flatMap((s) => params.windows.flatMap((w) => params.aggregates.map((a) => telemetryFeature(s.name, a, w)))));
  const alarms = new Set(params.alarmCodes.map((code) => alarmFeature(code, params.alarmWindow)));
  const replacements = new Set(hasMaintenance(fleet) ? fleet.components.map(replacementFeature) : []);
  return featureColumns(fleet, params)
    .map(([name]) => {
      const column = identifier(name);
      if (telemetry.has(name)) return `t.${column}`;
      if (alarms.has(name)) return `coalesce(e.${column}, 0)::INTEGER AS ${column}`;
      if (replacements.has(name)) return `r.${column}`;
      return `m.${column}`;
    })
    .join(',\n  ');
}
