import { DAY_MS, utcDay } from '../decision/alerts.js';
import { addTallies } from './bins.js';
import { driftOfTallies, type FeatureDrift, type TallyEntry } from './drift.js';
import type { StoredTally } from './drift-table.js';
import { periodOf, type Period } from './performance-rollup.js';
import type { FeatureProfile } from './profile.js';
import { withLevels } from './scored-drift.js';
import { DEFAULT_DRIFT_THRESHOLDS, type DriftLevel, type DriftThresholds } from './thresholds.js';

const keyOf = (e: TallyEntry): string => JSON.stringify([e.group?.column ?? null, e.group?.category ?? null, e.feature, e.kind]);

/** The entries' tallies added up per group and feature, in first-seen order. */
export function sumTallies(entries: readonly TallyEntry[]): TallyEntry[] {
  const sums = new Map<string, TallyEntry>();
  for (const e of entries) {
    const key = keyOf(e);
    const sum = sums.get(key);
    sums.set(key, sum ? { ...sum, tally: addTallies(sum.tally, e.tally) } : { group: e.group, feature: e.feature, kind: e.kind, tally: e.tally });
  }
  return [...sums.values()];
}

export interface PeriodDrift extends TallyEntry {
  /** Start of the period, epoch ms. */
  start: number;
  drift: FeatureDrift;
  level: DriftLevel | undefined;
}

/** Stored day counts added up into periods (UTC days, weeks from Monday, calendar months) and compared with the profile, oldest period first. */
export function driftOverPeriods(profile: FeatureProfile, days: readonly StoredTally[], period: Period, thresholds: DriftThresholds = DEFAULT_DRIFT_THRESHOLDS): PeriodDrift[] {
  const byPeriod = new Map<number, StoredTally[]>();
  for (const d of days) {
    const start = periodOf(utcDay(d.day), period).start * DAY_MS;
    const entries = byPeriod.get(start);
    if (entries) entries.push(d);
    else byPeriod.set(start, [d]);
  }
  return [...byPeriod.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([start, entries]) => withLevels(driftOfTallies(profile, sumTallies(entries)), thresholds).map((e) => ({ ...e, start })));
}
