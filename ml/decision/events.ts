import { alertRule, DAY_MS, utcDay, walkEpisodes } from './alerts.js';
import type { Costs, DecisionRows, EventFigures } from './types.js';

/** What alerts did on a period, counted in rows, failure events and episodes (docs/decisions.md#event-figures). */

const HOUR_MS = 3_600_000;

/** What the figures of any alerts on the rows share, computed once. */
interface Period {
  rows: DecisionRows;
  stepMs: number;
  horizonMs: number;
  /** The positive rows, in row order; few where failures are rare, so loops over them are cheap. */
  positiveRows: Int32Array;
  /** Failure event of each positive row. */
  eventOf: Int32Array;
  /** Failure time of each event: distinct (asset, failureAt) among the positive rows. */
  failureAt: number[];
  /** UTC day of each row, counted from the period's first. */
  day: Int32Array;
  days: number;
}

function failureEvents(rows: DecisionRows): Pick<Period, 'positiveRows' | 'eventOf' | 'failureAt'> {
  const positiveRows: number[] = [];
  const eventOf: number[] = [];
  const failureAt: number[] = [];
  let ofAsset = new Map<number, number>();
  for (let i = 0; i < rows.ts.length; i++) {
    if (i > 0 && rows.asset[i] !== rows.asset[i - 1]) ofAsset = new Map();
    const failure = rows.failureAt[i] as number;
    if (Number.isNaN(failure)) continue;
    let event = ofAsset.get(failure);
    if (event === undefined) {
      event = failureAt.push(failure) - 1;
      ofAsset.set(failure, event);
    }
    positiveRows.push(i);
    eventOf.push(event);
  }
  return { positiveRows: Int32Array.from(positiveRows), eventOf: Int32Array.from(eventOf), failureAt };
}

function period(rows: DecisionRows, stepMs: number, horizonMs: number): Period {
  const firstDay = utcDay(rows.ts.reduce((a, b) => Math.min(a, b), Infinity));
  const day = Int32Array.from(rows.ts, (ts) => utcDay(ts) - firstDay);
  return { rows, stepMs, horizonMs, ...failureEvents(rows), day, days: day.reduce((a, b) => Math.max(a, b + 1), 0) };
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** The q-quantile of ascending values, interpolating linearly between order statistics (numpy's default). */
export function quantileOfSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}

function confusionOf(p: Period, alerts: Uint8Array): EventFigures['confusion'] {
  let alerted = 0;
  for (let i = 0; i < alerts.length; i++) alerted += alerts[i] as number;
  let tp = 0;
  for (const i of p.positiveRows) tp += alerts[i] as number;
  const positives = p.positiveRows.length;
  return { tp, fp: alerted - tp, fn: positives - tp, tn: alerts.length - alerted - positives + tp };
}

/** Hours from each caught event's first alert to its failure, ascending. */
function leadHours(p: Period, alerts: Uint8Array): number[] {
  const firstAlert = new Float64Array(p.failureAt.length).fill(Infinity);
  p.positiveRows.forEach((i, k) => {
    const event = p.eventOf[k] as number;
    if (alerts[i] === 1) firstAlert[event] = Math.min(firstAlert[event] as number, p.rows.ts[i] as number);
  });
  const leads: number[] = [];
  firstAlert.forEach((first, event) => {
    if (first !== Infinity) leads.push(((p.failureAt[event] as number) - first) / HOUR_MS);
  });
  return leads.sort((a, b) => a - b);
}

interface EpisodeCounts {
  episodes: number;
  falseEpisodes: number;
  maxStartsPerDay: number;
}

/**
 * Episodes, the false ones among them, and the busiest day's starts. An episode is true when one
 * of its rows is positive; an episode's rows are consecutive rows, so the positive alert rows of
 * one episode are consecutive among the positive rows.
 */
function episodeCounts(p: Period, alerts: Uint8Array): EpisodeCounts {
  const { rows, day } = p;
  const { startTs, starts } = walkEpisodes(rows, alerts, p.stepMs, p.horizonMs);
  const startsByDay = new Int32Array(p.days);
  let episodes = 0;
  for (let i = 0; i < starts.length; i++) {
    const d = day[i] as number;
    episodes += starts[i] as number;
    startsByDay[d] = (startsByDay[d] as number) + (starts[i] as number);
  }
  let trueEpisodes = 0;
  let lastAsset = -1;
  let lastStart = NaN;
  for (const i of p.positiveRows) {
    if (alerts[i] !== 1 || (rows.asset[i] === lastAsset && startTs[i] === lastStart)) continue;
    trueEpisodes++;
    lastAsset = rows.asset[i] as number;
    lastStart = startTs[i] as number;
  }
  return { episodes, falseEpisodes: episodes - trueEpisodes, maxStartsPerDay: startsByDay.reduce((a, b) => Math.max(a, b), 0) };
}

/** Figures of any alerts on one set of rows, with what they share computed once. */
export function figureRule(rows: DecisionRows, stepMs: number, horizonMs: number): (alerts: Uint8Array, costs?: Costs) => EventFigures {
  const p = period(rows, stepMs, horizonMs);
  const assetDays = (rows.ts.length * stepMs) / DAY_MS;
  return (alerts, costs) => {
    const confusion = confusionOf(p, alerts);
    const leads = leadHours(p, alerts);
    const episodes = episodeCounts(p, alerts);
    const failures = p.failureAt.length;
    const caught = leads.length;
    return {
      rows: alerts.length,
      assetDays,
      confusion,
      precision: ratio(confusion.tp, confusion.tp + confusion.fp),
      recall: ratio(confusion.tp, confusion.tp + confusion.fn),
      // 2tp / (2tp + fp + fn) is 2PR / (P + R) as one division, so equal F1s compare equal.
      f1: ratio(2 * confusion.tp, 2 * confusion.tp + confusion.fp + confusion.fn),
      failures,
      caught,
      leadHoursMedian: quantileOfSorted(leads, 0.5),
      leadHoursP10: quantileOfSorted(leads, 0.1),
      ...episodes,
      falsePer1000AssetDays: ratio(1000 * episodes.falseEpisodes, assetDays),
      cost: costs ? (failures - caught) * costs.missedFailure + episodes.falseEpisodes * costs.falseAlarm + caught * costs.caughtFailure : null,
    };
  };
}

export function eventFigures(rows: DecisionRows, alerts: Uint8Array, stepMs: number, horizonMs: number, costs?: Costs): EventFigures {
  return figureRule(rows, stepMs, horizonMs)(alerts, costs);
}

/** What any rule should beat: alerting nothing, alerting everything, and risk >= 0.5. */
export function baselines(rows: DecisionRows, stepMs: number, horizonMs: number, costs?: Costs): { nothing: EventFigures; everything: EventFigures; half: EventFigures } {
  const figures = figureRule(rows, stepMs, horizonMs);
  const alerts = alertRule(rows, stepMs, horizonMs);
  return {
    nothing: figures(alerts(Infinity), costs),
    everything: figures(alerts(-Infinity), costs),
    half: figures(alerts(0.5), costs),
  };
}
