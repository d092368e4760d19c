/**
 * The features' step and windows, from how often the assets report (their readings' cadence).
 * The rules hold for any fleet: a feature row at most twice a day, and never more often than the
 * readings come; each window holds enough readings for a mean and a spread to mean something.
 */

export interface FeaturesGuess {
  step: string;
  windows: string[];
  /** Undefined where the built-in default holds (24h of alarms, a 48h horizon). */
  alarmWindow: string | undefined;
  horizon: string | undefined;
  /** The definition's defaults: the draft then leaves the features out. */
  defaults: boolean;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
/** The built-in features (fleet.ts): what hourly data gets. */
const DEFAULT = { step: 12 * HOUR, windows: [12, 24, 36].map((h) => h * HOUR), alarmWindow: 24 * HOUR, horizon: 48 * HOUR };
/** Fewer readings than this in a window, and its standard deviation says little. */
const MIN_READINGS = 3;
/** Windows of coarse data, in readings: a few, about a week's worth of daily ones, twice that. */
const COARSE_WINDOWS = [3, 7, 14];

/** Seconds as the shortest duration text: whole days as `d`, else whole hours, else minutes. */
export function durationText(seconds: number): string {
  if (seconds % DAY === 0) return `${seconds / DAY}d`;
  if (seconds % HOUR === 0) return `${seconds / HOUR}h`;
  return `${Math.ceil(seconds / 60)}m`;
}

/** Windows in the step's unit, so that they read alike: 24h beside a 12h step, 7d beside 1d. */
const inUnitOf = (step: number) => (seconds: number): string => (step % DAY === 0 || seconds % DAY !== 0 ? durationText(seconds) : `${seconds / HOUR}h`);

/** Rounded up to a whole number of steps, so every window ends on the grid. */
const inSteps = (seconds: number, step: number): number => Math.ceil(seconds / step - 1e-9) * step;

/**
 * The step is the default 12h, or for readings further apart the cadence rounded up to whole
 * days. Windows are one, two and three steps when a step holds at least MIN_READINGS readings
 * (so hourly data keeps the defaults); otherwise they hold 3, 7 and 14 readings, in whole steps.
 * Alarms are counted over at least a step, and the horizon is at least two steps.
 */
export function featuresFor(cadenceSeconds: number | undefined): FeaturesGuess {
  const cadence = cadenceSeconds && cadenceSeconds > 0 ? cadenceSeconds : HOUR;
  const step = cadence <= DEFAULT.step ? DEFAULT.step : inSteps(cadence, DAY);
  const windows = step >= MIN_READINGS * cadence ? [1, 2, 3].map((n) => n * step) : COARSE_WINDOWS.map((n) => inSteps(n * cadence, step));
  const alarmWindow = step > DEFAULT.alarmWindow ? durationText(step) : undefined;
  const horizon = 2 * step > DEFAULT.horizon ? durationText(2 * step) : undefined;
  const defaults = step === DEFAULT.step && windows.join() === DEFAULT.windows.join() && !alarmWindow && !horizon;
  return { step: durationText(step), windows: [...new Set(windows)].map(inUnitOf(step)), alarmWindow, horizon, defaults };
}
