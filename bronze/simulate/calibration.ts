/**
 * Figures measured on the public Azure predictive-maintenance sample (100 machines, 2015;
 * telemetry subset: machines 1-20, 2015 Q1). The simulator draws from these so that its output
 * has the public data's shape; the tests check the output against the same figures.
 */
import type { Component, Sensor } from './shape.js';

/** Telemetry outside the 48 h before failures: iid normal readings (lag-1 autocorrelation 0.05). */
export const SENSOR_BASELINE: Record<Sensor, { mean: number; sd: number }> = {
  volt: { mean: 170.7, sd: 15.47 },
  rotate: { mean: 447.5, sd: 52.2 },
  pressure: { mean: 100.47, sd: 10.54 },
  vibration: { mean: 40.23, sd: 5.19 },
};

/**
 * A failing component shifts one sensor, as a step, for the readings from 48 h before the failure
 * up to the failure hour itself; readings 2-7 days before are normal. Spread is unchanged.
 */
export const FAILURE_DRIFT: Record<Component, { sensor: Sensor; shift: number }> = {
  comp1: { sensor: 'volt', shift: 19 },
  comp2: { sensor: 'rotate', shift: -78 },
  comp3: { sensor: 'pressure', shift: 24.6 },
  comp4: { sensor: 'vibration', shift: 10.8 },
};
export const DRIFT_HOURS = 48;

export const MODEL_SHARES = { model1: 16, model2: 17, model3: 35, model4: 32 } as const;
export type Model = keyof typeof MODEL_SHARES;
export const MAX_MACHINE_AGE = 20;

/**
 * Failures per machine-year by model and component (public counts / machines of the model).
 * Models 3 and 4 never lose comp3; that alone makes models 1 and 2 fail more often.
 */
export const FAILURES_PER_YEAR: Record<Model, Record<Component, number>> = {
  model1: { comp1: 33 / 16, comp2: 46 / 16, comp3: 68 / 16, comp4: 42 / 16 },
  model2: { comp1: 30 / 17, comp2: 41 / 17, comp3: 63 / 17, comp4: 34 / 17 },
  model3: { comp1: 68 / 35, comp2: 89 / 35, comp3: 0, comp4: 64 / 35 },
  model4: { comp1: 61 / 32, comp2: 83 / 32, comp3: 0, comp4: 39 / 32 },
};

/** Older machines fail more (public: 6 per year under 5 years old, 9.7 at 20); mean 1 over ages 0..20. */
export function machineAgeFactor(age: number): number {
  return 0.7 + 0.03 * age;
}

/** 42 of 719 public failure times list two components; a failure drags a second one along this often. */
export const SECOND_FAILURE_PROBABILITY = 0.055;

/**
 * A new component does not fail at once: public failures come 30+ days after the component's
 * last replacement (2 of 743 earlier), most of them 30-120 days after. The hazard is zero for
 * `startDays`, then ramps up linearly to its full value over `rampDays`.
 */
export const WEAR_IN = { startDays: 25, rampDays: 60 } as const;

/**
 * Scheduled replacements: an inspection every 15 days (each machine on its own phase) replaces
 * 0, 1 or 2 components chosen without regard to their age, in these proportions.
 */
export const INSPECTION_INTERVAL_DAYS = 15;
export const REPLACEMENTS_PER_INSPECTION = [714 / 2447, 1330 / 2447, 403 / 2447] as const;

/** The public maintenance log starts 2014-06-01, seven months before its telemetry. */
export const MAINTENANCE_HISTORY_MONTHS = 7;
/** Events happen at 06:00 in the public data. */
export const EVENT_HOUR = 6;
/** Component ages when the maintenance history begins are unknown; a spread over two months. */
export const INITIAL_COMPONENT_AGE_DAYS = 60;

/** Alarms that do not announce a failure: 2,916 of 3,919 public alarms, any hour. */
export const BACKGROUND_ERRORS_PER_YEAR = 29.2;
export const BACKGROUND_ERROR_MIX = { error1: 824, error2: 732, error3: 581, error4: 599, error5: 180 } as const;
export type ErrorCode = keyof typeof BACKGROUND_ERROR_MIX;

/**
 * Alarms announcing a failure: the codes each failing component raises, 24 h before the failure
 * in public data (comp1: error1; comp2: error2 and error3; comp3: error4; comp4: error5).
 */
export const FAILURE_ALARMS: Record<Component, readonly ErrorCode[]> = {
  comp1: ['error1'],
  comp2: ['error2', 'error3'],
  comp3: ['error4'],
  comp4: ['error5'],
};
/** Share of linked alarms actually raised before a failure (public: 95-99 % by component). */
export const FAILURE_ALARM_PROBABILITY = 0.975;
/** Public alarms come exactly 24 h before the failure; a few here come earlier, up to 47 h. */
export const ALARM_LEAD_HOURS = 24;
export const ALARM_EARLY_SHARE = 0.1;
