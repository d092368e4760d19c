import { DAY_MS, utcDay, walkEpisodes, type PriorAlerts } from '../decision/alerts.js';
import type { DecisionRows, EventFigures } from '../decision/types.js';
import type { Grid } from '../judge.js';
import { emptyBins, riskBin } from './performance-bins.js';

/**
 * One night of realised performance for one model version (docs/monitoring.md#realised-performance):
 * the predictions whose horizon passed since the last night, judged into figures per UTC day that
 * add up across nights. Pure: no DuckDB, no I/O.
 *
 * Each thing is judged once, in the first night that can judge it whole:
 * - a row, when its horizon has passed (the night's window holds its ts);
 * - a failure event, when a horizon has passed since the failure (its time is in the window, or
 *   before it): every row it labels lies before it and has matured;
 * - an alert episode, when no later row can join it: a later row of its asset has matured, or
 *   the time a step after its last row, or a horizon after its start, has.
 * What waits is carried to the next night in `OpenEvents`, so a night reads only its own rows.
 */

const HOUR_MS = 3_600_000;

/** The rows a night judges: ts in (after, through], in ms; `after` is -Infinity on a version's first night. */
export interface NightWindow {
  after: number;
  through: number;
}

/** An alert episode that may still gain rows: its start, its last row so far, and whether one of its rows was positive. */
export interface OpenEpisode {
  asset: number;
  start: number;
  last: number;
  positive: boolean;
}

/** A failure with some of its warning rows judged: its time and its first alert among them (NaN: none yet). */
export interface PendingFailure {
  asset: number;
  at: number;
  firstAlert: number;
}

/** What a night leaves for the next: at most one open episode and one pending failure per asset. */
export interface OpenEvents {
  episodes: OpenEpisode[];
  failures: PendingFailure[];
}

export const NOTHING_OPEN: OpenEvents = { episodes: [], failures: [] };

/**
 * What was judged, by the UTC day it belongs to: a row by its ts, a failure by its time, an
 * episode by its start. The alert figures are null for a model without an alert rule.
 */
export interface DayFigures {
  day: number;
  rows: number;
  positives: number;
  /** Sum of (risk - outcome)^2 over the rows. */
  brierSum: number;
  /** Rows per risk bin (`riskBin`), positive and negative apart. */
  riskPositive: number[];
  riskNegative: number[];
  assetDays: number;
  confusion: EventFigures['confusion'] | null;
  failures: number;
  caught: number | null;
  /** Hours from a caught failure's first alert to the failure, one per caught failure. */
  leadHours: number[] | null;
  episodes: number | null;
  falseEpisodes: number | null;
}

export interface JudgedNight {
  /** Ascending by day. */
  days: DayFigures[];
  open: OpenEvents;
}

export function emptyDay(day: number, withAlerts: boolean): DayFigures {
  return {
    day,
    rows: 0,
    positives: 0,
    brierSum: 0,
    riskPositive: emptyBins(),
    riskNegative: emptyBins(),
    assetDays: 0,
    confusion: withAlerts ? { tp: 0, fp: 0, fn: 0, tn: 0 } : null,
    failures: 0,
    caught: withAlerts ? 0 : null,
    leadHours: withAlerts ? [] : null,
    episodes: withAlerts ? 0 : null,
    falseEpisodes: withAlerts ? 0 : null,
  };
}

class Days {
  private readonly byDay = new Map<number, DayFigures>();

  constructor(private readonly withAlerts: boolean) {}

  at(ms: number): DayFigures {
    const day = utcDay(ms);
    let figures = this.byDay.get(day);
    if (!figures) {
      figures = emptyDay(day, this.withAlerts);
      this.byDay.set(day, figures);
    }
    return figures;
  }

  /** Asset-days as one multiplication per day, so a day's figure does not depend on how its rows were split. */
  withAssetDays(stepMs: number): DayFigures[] {
    for (const d of this.byDay.values()) d.assetDays = (d.rows * stepMs) / DAY_MS;
    return this.sorted();
  }

  private sorted(): DayFigures[] {
    return [...this.byDay.values()].sort((a, b) => a.day - b.day);
  }
}

const isPositive = (rows: DecisionRows, i: number): boolean => !Number.isNaN(rows.failureAt[i] as number);

function judgeRows(rows: DecisionRows, alerts: Uint8Array | null, days: Days): void {
  for (let i = 0; i < rows.ts.length; i++) {
    const d = days.at(rows.ts[i] as number);
    const positive = isPositive(rows, i);
    const risk = rows.risk[i] as number;
    d.rows++;
    d.positives += +positive;
    d.brierSum += (risk - +positive) ** 2;
    const bins = positive ? d.riskPositive : d.riskNegative;
    const bin = riskBin(risk);
    bins[bin] = (bins[bin] as number) + 1;
    if (d.confusion && alerts) {
      const alert = alerts[i] === 1;
      if (positive) d.confusion[alert ? 'tp' : 'fn']++;
      else d.confusion[alert ? 'fp' : 'tn']++;
    }
  }
}

/** Failures whose time is within the window are judged; those after it wait for their remaining rows. */
function judgeFailures(rows: DecisionRows, alerts: Uint8Array | null, window: NightWindow, pendingBefore: readonly PendingFailure[], days: Days): PendingFailure[] {
  const pending = new Map(pendingBefore.map((f) => [`${f.asset}:${f.at}`, { ...f }]));
  for (let i = 0; i < rows.ts.length; i++) {
    if (!isPositive(rows, i)) continue;
    const asset = rows.asset[i] as number;
    const at = rows.failureAt[i] as number;
    const key = `${asset}:${at}`;
    let failure = pending.get(key);
    if (!failure) {
      failure = { asset, at, firstAlert: NaN };
      pending.set(key, failure);
    }
    const ts = rows.ts[i] as number;
    if (alerts?.[i] === 1 && !(failure.firstAlert <= ts)) failure.firstAlert = ts;
  }
  const waiting: PendingFailure[] = [];
  for (const failure of pending.values()) {
    if (failure.at > window.through) {
      waiting.push(failure);
      continue;
    }
    const d = days.at(failure.at);
    d.failures++;
    if (alerts && !Number.isNaN(failure.firstAlert)) {
      d.caught = (d.caught as number) + 1;
      d.leadHours?.push((failure.at - failure.firstAlert) / HOUR_MS);
    }
  }
  return waiting;
}

/** The walk's state before the night: each open episode's start and last row. */
function priorOf(open: readonly OpenEpisode[], assets: number): PriorAlerts {
  const openEpisodeStart = new Float64Array(assets).fill(NaN);
  const lastTs = new Float64Array(assets).fill(NaN);
  for (const e of open) {
    openEpisodeStart[e.asset] = e.start;
    lastTs[e.asset] = e.last;
  }
  return { openEpisodeStart, lastTs, startsByDay: new Map() };
}

/**
 * Episodes ended by a later row are judged; one still open at an asset's last row is judged when
 * no later row can continue it: a step past its last row or a horizon past its start has matured.
 */
function judgeEpisodes(rows: DecisionRows, alerts: Uint8Array, grid: Grid, window: NightWindow, openBefore: readonly OpenEpisode[], days: Days): OpenEpisode[] {
  const assets = openBefore.reduce((n, e) => Math.max(n, e.asset + 1), rows.asset.reduce((n, a) => Math.max(n, a + 1), 0));
  const { startTs } = walkEpisodes(rows, alerts, grid.stepMs, grid.horizonMs, priorOf(openBefore, assets));
  const carried = new Map(openBefore.map((e) => [e.asset, { ...e }]));
  const stillOpen: OpenEpisode[] = [];
  const judge = (e: OpenEpisode): void => {
    const d = days.at(e.start);
    d.episodes = (d.episodes as number) + 1;
    if (!e.positive) d.falseEpisodes = (d.falseEpisodes as number) + 1;
  };
  const atAssetEnd = (e: OpenEpisode | undefined): void => {
    if (!e) return;
    if (e.last + grid.stepMs <= window.through || e.start + grid.horizonMs <= window.through) judge(e);
    else stillOpen.push(e);
  };
  let current: OpenEpisode | undefined;
  for (let i = 0; i < rows.ts.length; i++) {
    const asset = rows.asset[i] as number;
    if (i === 0 || rows.asset[i - 1] !== asset) {
      atAssetEnd(current);
      current = carried.get(asset);
      carried.delete(asset);
    }
    const ts = rows.ts[i] as number;
    if (alerts[i] === 1 && current !== undefined && startTs[i] === current.start) {
      current.last = ts;
      current.positive ||= isPositive(rows, i);
      continue;
    }
    if (current) judge(current);
    current = alerts[i] === 1 ? { asset, start: ts, last: ts, positive: isPositive(rows, i) } : undefined;
  }
  atAssetEnd(current);
  for (const e of carried.values()) atAssetEnd(e);
  return stillOpen;
}

function checkWindow(rows: DecisionRows, window: NightWindow): void {
  for (let i = 0; i < rows.ts.length; i++) {
    const ts = rows.ts[i] as number;
    if (!(ts > window.after && ts <= window.through)) throw new Error(`row ${i} at ${new Date(ts).toISOString()} is outside the night's window`);
    if (i > 0 && ((rows.asset[i] as number) < (rows.asset[i - 1] as number) || (rows.asset[i] === rows.asset[i - 1] && ts <= (rows.ts[i - 1] as number)))) {
      throw new Error(`row ${i} is out of (asset, ts) order`);
    }
  }
}

/**
 * Judges the rows of one night's window given what the nights before left open. `alerts` is the
 * stored alert of each row, null for a model without a rule. Nights over consecutive windows give,
 * summed per day, the figures of one night over their union (tested on generated fleets).
 */
export function judgeNight(rows: DecisionRows, alerts: Uint8Array | null, grid: Grid, window: NightWindow, open: OpenEvents): JudgedNight {
  checkWindow(rows, window);
  const days = new Days(alerts !== null);
  judgeRows(rows, alerts, days);
  const failures = judgeFailures(rows, alerts, window, open.failures, days);
  const episodes = alerts ? judgeEpisodes(rows, alerts, grid, window, open.episodes, days) : [];
  return { days: days.withAssetDays(grid.stepMs), open: { episodes, failures } };
}
