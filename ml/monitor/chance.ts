import { addTallies, binTally, tallyShares, type Tally } from './bins.js';
import { rowsByDay } from './days.js';
import { populationStabilityIndex } from './divergence.js';

/**
 * The PSI a feature shows by chance: how far the training rows' own periods stray from all of
 * them (docs/monitoring.md#chance). Rows are not independent draws: an asset's slowly varying
 * features (days since a replacement, age) repeat on every row, so on a small fleet a night's
 * rows are a handful of assets, and their PSI from training is large though nothing changed.
 * Measuring that spread on the training data itself, at the size a night is judged at, tells
 * such a feature from one that moved, on any fleet, without a threshold tuned to one.
 */

/**
 * Consecutive UTC days of the rows, merged until each period holds `minRows`, as a night
 * borrows earlier days until it does; a short remainder joins the period before it.
 */
export function trainingPeriods(ts: Float64Array, rows: ArrayLike<number>, minRows: number): Int32Array[] {
  const periods: number[][] = [];
  let open: number[] = [];
  for (const day of rowsByDay(ts, rows)) {
    // one by one: a day of a large fleet holds more rows than a call may take arguments
    for (const row of day.rows) open.push(row);
    if (open.length >= minRows) {
      periods.push(open);
      open = [];
    }
  }
  const last = periods[periods.length - 1];
  if (open.length > 0) {
    if (last) for (const row of open) last.push(row);
    else periods.push(open);
  }
  return periods.map((p) => Int32Array.from(p));
}

/** The tally of every period but one: the period's rows taken out of the whole. */
const withoutPeriod = (whole: Tally, period: Tally): Tally => ({
  counts: whole.counts.map((n, i) => n - (period.counts[i] as number)),
  missing: whole.missing - period.missing,
  rows: whole.rows - period.rows,
});

/**
 * The largest PSI of any period's values from the other periods' shares over the same edges:
 * the others, not all rows, since a period compared with rows it is part of looks closer than
 * a night is to training. Null when the rows make fewer than two periods, or no period and its
 * others both have values, so that chance cannot be told from drift.
 */
export function chancePsi(edges: readonly number[], values: ArrayLike<number>, periods: readonly Int32Array[]): number | null {
  if (periods.length < 2) return null;
  const tallies = periods.map((rows) => binTally(edges, values, rows));
  const whole = tallies.reduce(addTallies);
  let largest: number | null = null;
  for (const period of tallies) {
    const others = withoutPeriod(whole, period);
    if (period.rows === period.missing || others.rows === others.missing) continue;
    largest = Math.max(largest ?? 0, populationStabilityIndex(tallyShares(others), tallyShares(period)));
  }
  return largest;
}
