import type { RegimeMethod, UnseenRegime } from '../../fleet/regimes.js';
import { identifier } from '../../sql/text.js';

/**
 * SQL fragments of the regime files, generated from the settings' and sensors' names (checked
 * identifiers) and list positions; every fitted figure reaches SQL through regime_fit, bound.
 * `t` is the readings, `f` the one row of regime_fit.
 */

const column = (name: string): string => `t.${identifier(name)}`;
const each = (names: readonly string[], make: (name: string, position: number) => string): string => names.map((name, i) => make(name, i + 1)).join(', ');

export const complete = (settings: readonly string[]): string => settings.map((s) => `${column(s)} IS NOT NULL`).join(' AND ');
export const spreads = (settings: readonly string[]): string => each(settings, (s) => `stddev_pop(${column(s)})`);
export const rounded = (settings: readonly string[]): string => each(settings, (s, i) => `round(${column(s)}, f.decimals[${i}])`);
export const scaled = (settings: readonly string[]): string => each(settings, (s, i) => `${column(s)} / f.scale[${i}]`);
export const scaledMeans = (settings: readonly string[]): string => each(settings, (s, i) => `avg(${column(s)} / f.scale[${i}])`);
export const sensorMeans = (sensors: readonly string[]): string => each(sensors, (s) => `avg(${column(s)})`);
export const sensorDeviations = (sensors: readonly string[]): string => each(sensors, (s) => `stddev_samp(${column(s)})`);

/** A reading's regime: its rounded settings' regime, else (or for clusters) the nearest centre, where asked. */
export function regimeOf(method: RegimeMethod, unseen: UnseenRegime): string {
  const nearest = 'gold_nearest_regime(t.regime_centres, t.regime_point)';
  if (method.kind === 'clusters') return nearest;
  const matched = 'list_position(t.regime_keys, t.regime_key)';
  return unseen === 'nearest' ? `coalesce(${matched}, ${nearest})` : matched;
}

/** The sensors gold's windows read: normalised ones within their regime, the others as they are. */
export function normalisedSensors(sensors: readonly string[], normalize: readonly string[]): string {
  return sensors
    .map((sensor) => {
      const at = normalize.indexOf(sensor) + 1;
      if (at === 0) return column(sensor);
      return `(${column(sensor)} - f.means[${at}][t.regime]) / coalesce(nullif(f.sds[${at}][t.regime], 0), 1) AS ${identifier(sensor)}`;
    })
    .join(', ');
}
