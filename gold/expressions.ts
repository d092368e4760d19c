import { COMPONENTS, ERROR_CODES, SENSORS } from '../bronze/sources.js';
import { identifier, quoteLiteral } from '../sql/duckdb.js';
import { errorFeature, replacementFeature, telemetryFeature, type FeatureParams } from './params.js';

/**
 * SQL fragments generated from the fixed sensor and code lists and the integer window sizes
 * (validated at the CLI edge): nothing here comes from user text.
 */

const hours = (h: number): string => {
  if (!Number.isInteger(h) || h <= 0) throw new Error(`window hours must be a positive integer: ${h}`);
  return `INTERVAL ${h} HOUR`;
};

/** Mean and sample std of each sensor over each window (g - w, g], from readings that feed g. */
export function telemetryAggregates(params: FeatureParams): string {
  return SENSORS.flatMap((sensor) =>
    params.windowsHours.flatMap((w) => {
      const inWindow = `FILTER (WHERE reading_ts > ts - ${hours(w)})`;
      return [
        `avg(${identifier(sensor)}) ${inWindow} AS ${identifier(telemetryFeature(sensor, 'mean', w))}`,
        `stddev_samp(${identifier(sensor)}) ${inWindow} AS ${identifier(telemetryFeature(sensor, 'std', w))}`,
      ];
    }),
  ).join(',\n  ');
}

export const errorCounts = (): string =>
  ERROR_CODES.map((code) => `count(*) FILTER (WHERE error_id = ${quoteLiteral(code)}) AS ${identifier(errorFeature(code))}`).join(', ');

export const errorColumnsOrZero = (): string =>
  ERROR_CODES.map((code) => `coalesce(e.${identifier(errorFeature(code))}, 0)::INTEGER AS ${identifier(errorFeature(code))}`).join(', ');

export const replacementPivot = (): string =>
  COMPONENTS.map((comp) => `max(days) FILTER (WHERE comp = ${quoteLiteral(comp)}) AS ${identifier(replacementFeature(comp))}`).join(', ');

export const telemetryColumns = (params: FeatureParams): string =>
  SENSORS.flatMap((sensor) => params.windowsHours.flatMap((w) => [`t.${telemetryFeature(sensor, 'mean', w)}`, `t.${telemetryFeature(sensor, 'std', w)}`])).join(', ');

export const replacementColumns = (): string => COMPONENTS.map((comp) => `r.${replacementFeature(comp)}`).join(', ');

export const componentList = (): string => COMPONENTS.map(quoteLiteral).join(', ');
