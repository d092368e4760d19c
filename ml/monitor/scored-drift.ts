import type { FeatureEncoding } from '../encoding.js';
import { rowsByDay } from './days.js';
import { driftOfTallies, fleetTallies, groupTallies, scoredColumns, type FeatureDrift, type TallyEntry } from './drift.js';
import type { FeatureProfile } from './profile.js';
import { DEFAULT_DRIFT_THRESHOLDS, flaggedDrift, type DriftLevel, type DriftThresholds } from './thresholds.js';

/** One row of monitor_drift: a feature's counts and drift in one group on one UTC day of a run. */
export interface DayDrift extends TallyEntry {
  /** Start of the UTC day, epoch milliseconds. */
  day: number;
  drift: FeatureDrift;
  /** Judged on this day's rows alone; undefined when within the thresholds. */
  level: DriftLevel | undefined;
}

/**
 * The level of each entry under the thresholds. A group's entries are judged only from
 * `minRows` rows on, missing share included: a category with a handful of rows tonight would
 * cross any threshold by chance, while the whole fleet's silent sensor shows on few rows.
 */
export function withLevels<T extends TallyEntry & { drift: FeatureDrift }>(entries: readonly T[], thresholds: DriftThresholds): (T & { level: DriftLevel | undefined })[] {
  const judged = entries.filter((e) => e.group === null || e.tally.rows >= thresholds.minRows);
  const flagged = new Map(flaggedDrift(judged.map((e) => e.drift), thresholds).map((f) => [f.entry, f.level]));
  return entries.map((e) => ({ ...e, level: flagged.get(e.drift) }));
}

/**
 * The drift of a run's scored rows (features in encodedNames order, NaN missing; ts in epoch ms)
 * per UTC day: the whole fleet's features, attributes and risk, and each training category's
 * numeric features against that category's own training shares.
 */
export function scoredDrift(
  profile: FeatureProfile,
  encoding: FeatureEncoding,
  scored: { features: Float64Array[]; risk: Float64Array; ts: Float64Array },
  thresholds: DriftThresholds = DEFAULT_DRIFT_THRESHOLDS,
): DayDrift[] {
  const columns = scoredColumns(profile, encoding, scored.features, scored.risk);
  return rowsByDay(scored.ts).flatMap(({ day, rows }) => {
    const entries = driftOfTallies(profile, [...fleetTallies(profile, columns, rows), ...groupTallies(profile, columns, rows)]);
    return withLevels(entries, thresholds).map((e) => ({ ...e, day }));
  });
}
