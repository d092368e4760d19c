import { z } from 'zod';
import { parseDuration, type Duration } from '../fleet/duration.js';
import { attributeSqlType, idSqlType, type Aggregate, type Fleet } from '../fleet/fleet.js';
import { columnPartOf } from '../fleet/names.js';
import type { Columns } from '../sql/catalog.js';
import { describeRegimes } from '../fleet/regimes.js';
import { regimeNumbers, regimeParamsSchema, type RegimeParams } from './regimes/regime-params.js';

/**
 * What a gold build computes: the grid step, the windows and aggregates, the alarms counted and
 * the label horizon. Defaults come from the fleet definition; recorded with every build and model.
 */
export interface FeatureParams {
  step: Duration;
  windows: Duration[];
  /** The aggregates of every window without its own in byWindow. */
  aggregates: Aggregate[];
  /** A window's own aggregates, by the window as written (`10d`); absent in builds before windows could have them. */
  byWindow?: Record<string, Aggregate[]>;
  /** Days since the asset's first reading, as a feature. */
  age?: boolean;
  /** The operating regimes, fitted by the first build that has them; absent: none. */
  regimes?: RegimeParams;
  alarmWindow: Duration;
  /** The alarm codes counted: the declared ones, or the most frequent N found when gold was first built. */
  alarmCodes: string[];
  horizon: Duration;
}

const AGGREGATE_NAMES = ['mean', 'std', 'min', 'max', 'last', 'slope'] as const;

const durationSchema = z.object({ text: z.string(), seconds: z.number().int().positive() }).refine((d) => parseDuration(d.text)?.seconds === d.seconds, 'not a duration');

/** The parameters as stored (gold_builds.features, model.json): checked when read back. */
export const featureParamsSchema = z.object({
  step: durationSchema,
  windows: z.array(durationSchema).min(1),
  aggregates: z.array(z.enum(AGGREGATE_NAMES)).min(1),
  byWindow: z.record(z.string(), z.array(z.enum(AGGREGATE_NAMES)).min(1)).optional(),
  age: z.boolean().optional(),
  regimes: regimeParamsSchema.optional(),
  alarmWindow: durationSchema,
  alarmCodes: z.array(z.string()),
  horizon: durationSchema,
});

/** The failure classes a model predicts: `none`, then the fleet's classes in tie-breaking order. */
export const labelsOf = (fleet: Fleet): string[] => ['none', ...fleet.classes];

export const telemetryFeature = (sensor: string, aggregate: Aggregate, window: Duration): string => `${sensor}_${aggregate}_${window.text}`;
export const alarmFeature = (code: string, window: Duration): string => `${columnPartOf(code)}_count_${window.text}`;
export const replacementFeature = (component: string): string => `${columnPartOf(component)}_days_since_replacement`;
export const regimeShareFeature = (regime: number, window: Duration): string => `regime_${regime}_share_${window.text}`;
/** The regime of the newest reading, as a category. */
export const CURRENT_REGIME = 'regime';
export const AGE_FEATURE = 'age_days';

/** Days since replacement exist only where maintenance is on record. */
export const hasMaintenance = (fleet: Fleet): boolean => fleet.sources.some((s) => s.holds === 'maintenance');

/** The aggregates one window computes: its own, or the default list. */
export function aggregatesOf(params: FeatureParams, window: Duration): Aggregate[] {
  const own = Object.entries(params.byWindow ?? {}).find(([text]) => parseDuration(text)?.seconds === window.seconds);
  return own ? own[1] : params.aggregates;
}

/** The sensors whose readings are aggregated: all but the settings that tell the regime. */
export const featureSensors = (fleet: Fleet, params: FeatureParams): string[] =>
  fleet.sensors.map((s) => s.name).filter((name) => !(params.regimes?.settings ?? []).includes(name));

/** Each window's aggregates of each sensor, as [feature, sensor, aggregate, window]. */
export function telemetryFeatures(fleet: Fleet, params: FeatureParams): Array<[string, string, Aggregate, Duration]> {
  return featureSensors(fleet, params).flatMap((sensor) =>
    params.windows.flatMap((w) => aggregatesOf(params, w).map((a): [string, string, Aggregate, Duration] => [telemetryFeature(sensor, a, w), sensor, a, w])),
  );
}

/** The regime features a fitted build has: each regime's share of every window, and the current regime. */
export function regimeFeatures(params: FeatureParams): Columns {
  const wanted = params.regimes?.features ?? [];
  const shares = wanted.includes('share')
    ? params.windows.flatMap((w) => regimeNumbers(params.regimes).map((n): [string, string] => [regimeShareFeature(n, w), 'DOUBLE']))
    : [];
  return [...shares, ...(wanted.includes('current') ? [[CURRENT_REGIME, 'VARCHAR'] as [string, string]] : [])];
}

/** The model's inputs, in the order of the gold table. */
export function featureColumns(fleet: Fleet, params: FeatureParams): Columns {
  return [
    ...telemetryFeatures(fleet, params).map(([name]): [string, string] => [name, 'DOUBLE']),
    ...regimeFeatures(params),
    ...params.alarmCodes.map((code): [string, string] => [alarmFeature(code, params.alarmWindow), 'INTEGER']),
    ...(hasMaintenance(fleet) ? fleet.components.map((c): [string, string] => [replacementFeature(c), 'DOUBLE']) : []),
    ...(params.age ? [[AGE_FEATURE, 'DOUBLE'] as [string, string]] : []),
    ...fleet.attributes.map((a): [string, string] => [a.name, attributeSqlType(a)]),
  ];
}

export function goldColumns(fleet: Fleet, params: FeatureParams): Columns {
  return [['machine_id', idSqlType(fleet)], ['ts', 'TIMESTAMP'], ...featureColumns(fleet, params), ['label', 'VARCHAR']];
}

/** A window as described: its text, with its own aggregates where it has them. */
function describeWindow(p: FeatureParams, w: Duration): string {
  const own = Object.entries(p.byWindow ?? {}).some(([text]) => parseDuration(text)?.seconds === w.seconds);
  return own ? `${w.text} (${aggregatesOf(p, w).join(',')})` : w.text;
}

export const describeParams = (p: FeatureParams): string =>
  `step ${p.step.text}, windows ${p.windows.map((w) => describeWindow(p, w)).join(',')}, ${p.aggregates.join(',')}` +
  `${p.alarmCodes.length ? `, alarms ${p.alarmCodes.join(',')} over ${p.alarmWindow.text}` : ''}, horizon ${p.horizon.text}` +
  `${p.age ? ', age' : ''}${p.regimes ? `, ${describeRegimes(p.regimes)}` : ''}`;

/** The fleet's defaults; alarm codes as declared (open alarms with top N are resolved by the build). */
export function fleetParams(fleet: Fleet): FeatureParams {
  const { byWindow, age, ...features } = fleet.features;
  return {
    ...features,
    alarmCodes: fleet.alarms?.codes ?? [],
    ...(Object.keys(byWindow).length > 0 ? { byWindow } : {}),
    ...(age ? { age } : {}),
    ...(fleet.regimes ? { regimes: fleet.regimes } : {}),
  };
}
