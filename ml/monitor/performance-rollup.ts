import { DAY_MS } from '../decision/alerts.js';
import { quantileOfSorted } from '../decision/events.js';
import type { Costs, EventFigures } from '../decision/types.js';
import { addBins, binnedAveragePrecision } from './performance-bins.js';
import { emptyDay, type DayFigures } from './performance-judge.js';

/**
 * A period's realised performance from the per-day figures of the nights (docs/monitoring.md#realised-performance):
 * the counts summed, the rates computed from the sums. Pure.
 */

export type Period = 'day' | 'week' | 'month';

/**
 * Failure events a period needs before its rates are given. Recall over n failures moves by 1/n
 * with each one caught or missed, and with 10 a 95% interval around a recall of 0.7 still spans
 * 0.40 to 0.89; with fewer the figures would be noise read as news.
 */
export const MIN_FAILURES = 10;

export interface RealisedFigures {
  rows: number;
  positives: number;
  assetDays: number;
  /** At the stored alerts; the alert figures are null for a model without a rule. */
  confusion: EventFigures['confusion'] | null;
  failures: number;
  caught: number | null;
  episodes: number | null;
  falseEpisodes: number | null;
  /** At least `MIN_FAILURES` failure events: without, the rates that rest on failures are null. */
  enough: boolean;
  /** Rows: of the alerts, the share that were positive (null without alerts); of the positive rows, the share alerted. */
  precision: number | null;
  recall: number | null;
  /** Of the failures, the share alerted beforehand. */
  caughtShare: number | null;
  /** Average precision over the summed risk bins (binnedAveragePrecision). */
  prAuc: number | null;
  brier: number | null;
  leadHoursMedian: number | null;
  leadHoursP10: number | null;
  /** Not held back by `enough`: they count alerts and asset-days, which a period without failures has. */
  falsePer1000AssetDays: number | null;
  /** With the rule's costs only. */
  cost: number | null;
  costPer1000AssetDays: number | null;
}

const plus = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

/** The days' figures added up: counts summed, bins summed bin by bin, lead hours pooled. */
export function sumDays(days: readonly DayFigures[]): DayFigures {
  const total = emptyDay(NaN, false);
  for (const d of days) {
    total.rows += d.rows;
    total.positives += d.positives;
    total.brierSum += d.brierSum;
    total.assetDays += d.assetDays;
    total.failures += d.failures;
    addBins(total.riskPositive, d.riskPositive);
    addBins(total.riskNegative, d.riskNegative);
    if (d.confusion) {
      const c = total.confusion ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
      total.confusion = { tp: c.tp + d.confusion.tp, fp: c.fp + d.confusion.fp, fn: c.fn + d.confusion.fn, tn: c.tn + d.confusion.tn };
    }
    total.caught = plus(total.caught, d.caught);
    total.episodes = plus(total.episodes, d.episodes);
    total.falseEpisodes = plus(total.falseEpisodes, d.falseEpisodes);
    if (d.leadHours) total.leadHours = [...(total.leadHours ?? []), ...d.leadHours];
  }
  return total;
}

const share = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const perThousand = (n: number | null, assetDays: number): number | null => (n === null || assetDays === 0 ? null : (1000 * n) / assetDays);

function costOf(total: DayFigures, costs: Costs | undefined): number | null {
  if (!costs || total.caught === null || total.falseEpisodes === null) return null;
  return (total.failures - total.caught) * costs.missedFailure + total.falseEpisodes * costs.falseAlarm + total.caught * costs.caughtFailure;
}

/** A period's figures from its days; `costs` are those of the model's alert rule, when it has them. */
export function realisedFigures(days: readonly DayFigures[], costs: Costs | undefined): RealisedFigures {
  const total = sumDays(days);
  const enough = total.failures >= MIN_FAILURES;
  const c = total.confusion;
  const leads = [...(total.leadHours ?? [])].sort((a, b) => a - b);
  const ifEnough = <T>(value: T): T | null => (enough ? value : null);
  const cost = costOf(total, costs);
  return {
    rows: total.rows,
    positives: total.positives,
    assetDays: total.assetDays,
    confusion: c,
    failures: total.failures,
    caught: total.caught,
    episodes: total.episodes,
    falseEpisodes: total.falseEpisodes,
    enough,
    precision: ifEnough(c && share(c.tp, c.tp + c.fp)),
    recall: ifEnough(c && share(c.tp, c.tp + c.fn)),
    caughtShare: ifEnough(total.caught === null ? null : share(total.caught, total.failures)),
    prAuc: ifEnough(binnedAveragePrecision(total.riskPositive, total.riskNegative)),
    brier: ifEnough(share(total.brierSum, total.rows)),
    leadHoursMedian: ifEnough(total.leadHours && quantileOfSorted(leads, 0.5)),
    leadHoursP10: ifEnough(total.leadHours && quantileOfSorted(leads, 0.1)),
    falsePer1000AssetDays: perThousand(total.falseEpisodes, total.assetDays),
    cost,
    costPer1000AssetDays: perThousand(cost, total.assetDays),
  };
}

/** The period (day numbers, [start, end)) a UTC day falls in: weeks start on Monday (ISO 8601), months on the 1st. */
export function periodOf(day: number, period: Period): { start: number; end: number } {
  if (period === 'day') return { start: day, end: day + 1 };
  if (period === 'week') {
    // day 0, 1970-01-01, was a Thursday: three days after a Monday
    const start = day - ((((day + 3) % 7) + 7) % 7);
    return { start, end: start + 7 };
  }
  const date = new Date(day * DAY_MS);
  return { start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS, end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS };
}
