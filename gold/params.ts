import { COMPONENTS, ERROR_CODES, SENSORS } from '../bronze/sources.js';
import type { Columns } from '../sql/catalog.js';

/** What a gold build computes; recorded with every build and every model trained on it. */
export interface FeatureParams {
  stepHours: number;
  windowsHours: number[];
  horizonHours: number;
}

export const DEFAULT_FEATURE_PARAMS: FeatureParams = { stepHours: 12, windowsHours: [12, 24, 36], horizonHours: 48 };

/** Alarms are counted over a fixed day, as in the reference implementation of this scenario. */
export const ERROR_WINDOW_HOURS = 24;

export const LABELS = ['none', ...COMPONENTS] as const;

export const telemetryFeature = (sensor: string, stat: 'mean' | 'std', hours: number): string => `${sensor}_${stat}_${hours}h`;
export const errorFeature = (code: string): string => `${code}_count_${ERROR_WINDOW_HOURS}h`;
export const replacementFeature = (comp: string): string => `${comp}_days_since_replacement`;

/** The model's inputs, in the order of the gold table. */
export function featureColumns(params: FeatureParams): Columns {
  return [
    ...SENSORS.flatMap((sensor) =>
      params.windowsHours.flatMap((w): [string, string][] => [
        [telemetryFeature(sensor, 'mean', w), 'DOUBLE'],
        [telemetryFeature(sensor, 'std', w), 'DOUBLE'],
      ]),
    ),
    ...ERROR_CODES.map((code): [string, string] => [errorFeature(code), 'INTEGER']),
    ...COMPONENTS.map((comp): [string, string] => [replacementFeature(comp), 'DOUBLE']),
    ['model', 'VARCHAR'],
    ['age', 'INTEGER'],
  ];
}

export function goldColumns(params: FeatureParams): Columns {
  return [['machine_id', 'INTEGER'], ['ts', 'TIMESTAMP'], ...featureColumns(params), ['label', 'VARCHAR']];
}

export const describeParams = (p: FeatureParams): string =>
  `step ${p.stepHours} h, windows ${p.windowsHours.join(',')} h, horizon ${p.horizonHours} h`;
