import type { DecisionRows } from './types.js';

/**
 * Which rows are alerts, and how alerts group into episodes (docs/decisions.md#episodes).
 *
 * An episode is a run of alert rows of one asset, each at most a step after the one before; it
 * lasts at most a horizon: the first alert row at or after its start + horizon starts a new one,
 * since a horizon without failure turns the alert into a new prediction a planner acts on again.
 */

export const DAY_MS = 86_400_000;

export const utcDay = (ms: number): number => Math.floor(ms / DAY_MS);

/** What an earlier scoring run leaves behind, so that the next one continues it. */
export interface PriorAlerts {
  /** Per asset index: start ts of the episode open at its last earlier row, NaN if that row was not an alert. */
  openEpisodeStart: Float64Array;
  /** Per asset index: ts of its last earlier row, NaN if none. */
  lastTs: Float64Array;
  /** UTC day number (floor(ms / 86400000)) -> episode starts already made that day. */
  startsByDay: Map<number, number>;
}

export interface DailyCapacity {
  /** Most episode starts per UTC day (a whole number). */
  maxPerDay: number;
  prior?: PriorAlerts;
}

/** Per asset: the prior's value, NaN where it has none. */
function perAsset(assets: number, prior: Float64Array | undefined): Float64Array {
  const values = new Float64Array(Math.max(assets, prior?.length ?? 0)).fill(NaN);
  if (prior) values.set(prior);
  return values;
}

/** One more than the highest asset index of the rows. */
const assetCount = (rows: DecisionRows): number => rows.asset.reduce((n, asset) => Math.max(n, asset + 1), 0);

/**
 * Start of the episode an alert at `ts` continues, NaN when it starts one: the asset's row before
 * (at `previousTs`) was an alert of the episode that began at `openStart` (NaN: it was no alert),
 * at most a step before, and the episode is younger than a horizon.
 */
function continuedStart(previousTs: number, openStart: number, ts: number, stepMs: number, horizonMs: number): number {
  return ts - previousTs <= stepMs && ts < openStart + horizonMs ? openStart : NaN;
}

export interface EpisodeWalk {
  /** Start ts of the episode each alert row belongs to, NaN on the other rows. */
  startTs: Float64Array;
  /** 1 at the first row of each episode (an episode open in the prior run has none here). */
  starts: Uint8Array;
}

/** The episodes of the alerts, walking each asset's rows in turn. */
export function walkEpisodes(rows: DecisionRows, alerts: Uint8Array, stepMs: number, horizonMs: number, prior?: PriorAlerts): EpisodeWalk {
  const startTs = new Float64Array(alerts.length);
  const starts = new Uint8Array(alerts.length);
  let previousTs = NaN;
  let openStart = NaN;
  for (let i = 0; i < alerts.length; i++) {
    const asset = rows.asset[i] as number;
    const ts = rows.ts[i] as number;
    if (i === 0 || rows.asset[i - 1] !== asset) {
      previousTs = prior?.lastTs[asset] ?? NaN;
      openStart = prior?.openEpisodeStart[asset] ?? NaN;
    }
    let start = NaN;
    if (alerts[i] === 1) {
      start = continuedStart(previousTs, openStart, ts, stepMs, horizonMs);
      if (Number.isNaN(start)) {
        start = ts;
        starts[i] = 1;
      }
    }
    startTs[i] = start;
    previousTs = ts;
    openStart = start;
  }
  return { startTs, starts };
}

export function episodeStarts(rows: DecisionRows, alerts: Uint8Array, stepMs: number, horizonMs: number, prior?: PriorAlerts): Uint8Array {
  return walkEpisodes(rows, alerts, stepMs, horizonMs, prior).starts;
}

/**
 * The state the rows and alerts of a period leave for the next one. `before` is the state the
 * period itself continued: an episode can be open across many periods, and where it started
 * decides where the horizon cuts it.
 */
export function priorFrom(rows: DecisionRows, alerts: Uint8Array, stepMs: number, horizonMs: number, assets: number, before?: PriorAlerts): PriorAlerts {
  const openEpisodeStart = perAsset(Math.max(assets, assetCount(rows)), before?.openEpisodeStart);
  const lastTs = perAsset(Math.max(assets, assetCount(rows)), before?.lastTs);
  const startsByDay = new Map(before?.startsByDay ?? []);
  const { startTs, starts } = walkEpisodes(rows, alerts, stepMs, horizonMs, before);
  for (let i = 0; i < alerts.length; i++) {
    const asset = rows.asset[i] as number;
    const day = utcDay(rows.ts[i] as number);
    openEpisodeStart[asset] = startTs[i] as number;
    lastTs[asset] = rows.ts[i] as number;
    if (starts[i] === 1) startsByDay.set(day, (startsByDay.get(day) ?? 0) + 1);
  }
  return { openEpisodeStart, lastTs, startsByDay };
}

/**
 * The rows in the order a capacity hands out its budget: time, then riskiest first, then lower
 * asset index, with what the walk reads laid out in that order. It does not depend on the
 * threshold, so choosing one computes it once.
 */
interface CapacityOrder {
  row: Int32Array;
  asset: Int32Array;
  ts: Float64Array;
  risk: Float64Array;
  assets: number;
}

function capacityOrder(rows: DecisionRows): CapacityOrder {
  const { ts, risk, asset } = rows;
  const row = Int32Array.from({ length: ts.length }, (_, i) => i);
  row.sort((a, b) => (ts[a] as number) - (ts[b] as number) || (risk[b] as number) - (risk[a] as number) || (asset[a] as number) - (asset[b] as number) || a - b);
  return {
    row,
    asset: row.map((i) => asset[i] as number),
    ts: Float64Array.from(row, (i) => ts[i] as number),
    risk: Float64Array.from(row, (i) => risk[i] as number),
    assets: assetCount(rows),
  };
}

/**
 * Alerts with at most `maxPerDay` episode starts per UTC day, rows taken in `capacityOrder`.
 * Time order because a planner cannot wait for the end of the day to see which alerts were the
 * riskiest: alerts arrive as rows are scored, so a row's candidates compete only with those of
 * the same time. A row continuing an open episode needs no budget. With a daily step all of a
 * day's rows share one time, so this is exactly the day's riskiest candidates first.
 */
function cappedAlerts(order: CapacityOrder, threshold: number, capacity: DailyCapacity, stepMs: number, horizonMs: number): Uint8Array {
  const alerts = new Uint8Array(order.row.length);
  const lastTs = perAsset(order.assets, capacity.prior?.lastTs);
  const openStart = perAsset(order.assets, capacity.prior?.openEpisodeStart);
  let day = NaN;
  let used = 0;
  for (let k = 0; k < order.row.length; k++) {
    const asset = order.asset[k] as number;
    const ts = order.ts[k] as number;
    if (utcDay(ts) !== day) {
      day = utcDay(ts);
      used = capacity.prior?.startsByDay.get(day) ?? 0;
    }
    let start = NaN;
    if ((order.risk[k] as number) >= threshold) {
      start = continuedStart(lastTs[asset] as number, openStart[asset] as number, ts, stepMs, horizonMs);
      if (Number.isNaN(start) && used < capacity.maxPerDay) {
        start = ts;
        used++;
      }
    }
    if (!Number.isNaN(start)) alerts[order.row[k] as number] = 1;
    lastTs[asset] = ts;
    openStart[asset] = start;
  }
  return alerts;
}

function uncappedAlerts(rows: DecisionRows, threshold: number): Uint8Array {
  const { risk } = rows;
  const alerts = new Uint8Array(risk.length);
  // As a number rather than an `if`: a branch on noisy risks is mispredicted half the time (5x slower).
  for (let i = 0; i < alerts.length; i++) alerts[i] = +((risk[i] as number) >= threshold);
  return alerts;
}

/** Alerts of one set of rows for any threshold, with what does not depend on it computed once. */
export function alertRule(rows: DecisionRows, stepMs: number, horizonMs: number): (threshold: number, capacity?: DailyCapacity) => Uint8Array {
  let order: CapacityOrder | undefined;
  return (threshold, capacity) => {
    if (!capacity) return uncappedAlerts(rows, threshold);
    order ??= capacityOrder(rows);
    return cappedAlerts(order, threshold, capacity, stepMs, horizonMs);
  };
}

/** 1 where the row is an alert: risk >= threshold, within the daily capacity when one is given. */
export function alertsAt(rows: DecisionRows, threshold: number, stepMs: number, horizonMs: number, capacity?: DailyCapacity): Uint8Array {
  return alertRule(rows, stepMs, horizonMs)(threshold, capacity);
}
