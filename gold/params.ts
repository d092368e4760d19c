import { z } from 'zod';
import { parseDuration, type Duration } from '../fleet/duration.js';
import { attributeSqlType, idSqlType, type Aggregate, type Fleet } from '../fleet/fleet.js';
import { columnPartOf } from '../fleet/names.js';
import type { Columns } from '../sql/catalog.js';

/**
 * What a gold build computes: the grid step, the windows and aggregates, the alarms counted and
 * the label horizon. Defaults come from the fleet definition; recorded with every build and model.
 */
export interface FeatureParams {
  step: Duration;
  windows: Duration[];
  aggregates: Aggregate[];
  alarmWindow: Duration;
  /** The alarm codes counted: the declared ones, or the most frequent N found when gold was first built. */
  alarmCodes: string[];
  horizon: Duration;
}

const durationSchema = z.object({ text: z.string(), seconds: z.number().int().positive() }).refine((d) => parseDuration(d.text)?.seconds === d.seconds, 'not a duration');

/** The parameters as stored (gold_builds.features, model.json): checked when read back. */
export const featureParamsSchema = z.object({
  step: durationSchema,
  windows: z.array(durationSchema).min(1),
  aggregates: z.array(z.enum(['mean', 'std', 'min', 'max', 'last', 'slope'])).min(1),
  alarmWindow: durationSchema,
  alarmCodes: z.array(z.string()),
  horizon: durationSchema,
});

/** The failure classes a model predicts: `none`, then the fleet's classes in tie-breaking order. */
export const labelsOf = (fleet: Fleet): string[] => ['none', ...fleet.classes];

export const telemetryFeature = (sensor: string, aggregate: Aggregate, window: Duration): string => `${sensor}_${aggregate}_${window.text}`;
export const alarmFeature = (code: string, window: Duration): string => `${columnPartOf(code)}_count_${window.text}`;
export const replacementFeature = (component: string): string => `${columnPartOf(component)}_days_since_replacement`;

/** Days since replacement exist only where maintenance is on record. */
export const hasMaintenance = (fleet: Fleet): boolean => fleet.sources.some((s) => s.holds === 'maintenance');

/** The model's inputs, in the order of the gold table. */
export function featureColumns(fleet: Fleet, params: FeatureParams): Columns {
  return [
    ...fleet.sensors.flatMap((sensor) =>
      params.windows.flatMap((w) => params.aggregates.map((a): [string, string] => [telemetryFeature(sensor.name, a, w), 'DOUBLE'])),
    ),
    ...params.alarmCodes.map((code): [string, string] => [alarmFeature(code, params.alarmWindow), 'INTEGER']),
    ...(hasMaintenance(fleet) ? fleet.components.map((c): [string, string] => [replacementFeature(c), 'DOUBLE']) : []),
    ...fleet.attributes.map((a): [string, string] => [a.name, attributeSqlType(a)]),
  ];
}

export function goldColumns(fleet: Fleet, params: FeatureParams): Columns {
  return [['machine_id', idSqlType(fleet)], ['ts', 'TIMESTAMP'], ...featureColumns(fleet, params), ['label', 'VARCHAR']];
}

export const describeParams = (p: FeatureParams): string =>
  `step ${p.step.text}, windows ${p.windows.map((w) => w.text).join(',')}, ${p.aggregates.join(',')}` +
  `${p.alarmCodes.length ? `, alarms ${p.alarmCodes.join(',')} over ${p.alarmWindow.text}` : ''}, horizon ${p.horizon.text}`;

/** The fleet's defaults; alarm codes as declared (open alarms with top N are resolved by the build). */
export function fleetParams(fleet: Fleet): FeatureParams {
  return { ...fleet.features, alarmCodes: fleet.alarms?.codes ?? [] };
}
