import type { Costs, DecisionRows } from '../../ml/decision/types.js';

/**
 * Plain, slow restatements of the decision rules (docs/decisions.md), written without the
 * module's code, for the tests to compare against.
 */

const DAY = 86_400_000;

/** Row indices of each asset in time order. */
function rowsByAsset(rows: DecisionRows): Map<number, number[]> {
  const byAsset = new Map<number, number[]>();
  rows.asset.forEach((a, i) => {
    if (!byAsset.has(a)) byAsset.set(a, []);
    byAsset.get(a)!.push(i);
  });
  for (const list of byAsset.values()) list.sort((x, y) => rows.ts[x]! - rows.ts[y]!);
  return byAsset;
}

/** Episodes as lists of row indices: runs of an asset's alert rows a step apart, cut every horizon. */
export function referenceEpisodes(rows: DecisionRows, alerts: ArrayLike<number>, stepMs: number, horizonMs: number): number[][] {
  const episodes: number[][] = [];
  for (const list of rowsByAsset(rows).values()) {
    let open: { start: number; last: number; rows: number[] } | null = null;
    for (const i of list) {
      const t = rows.ts[i]!;
      if (alerts[i] !== 1) {
        open = null;
      } else if (open !== null && t - open.last <= stepMs && t - open.start < horizonMs) {
        open.rows.push(i);
        open.last = t;
      } else {
        open = { start: t, last: t, rows: [i] };
        episodes.push(open.rows);
      }
    }
  }
  return episodes;
}

export interface ReferenceFigures {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  failures: number;
  caught: number;
  leads: number[];
  episodes: number;
  falseEpisodes: number;
  maxStartsPerDay: number;
  cost: number | null;
}

export function referenceFigures(rows: DecisionRows, alerts: ArrayLike<number>, stepMs: number, horizonMs: number, costs?: Costs): ReferenceFigures {
  const figures = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const firstAlertOf = new Map<string, number>();
  for (let i = 0; i < rows.ts.length; i++) {
    const positive = !Number.isNaN(rows.failureAt[i]!);
    const alert = alerts[i] === 1;
    if (positive && alert) figures.tp++;
    if (!positive && alert) figures.fp++;
    if (positive && !alert) figures.fn++;
    if (!positive && !alert) figures.tn++;
    if (!positive) continue;
    const key = `${rows.asset[i]}@${rows.failureAt[i]}`;
    const seen = firstAlertOf.get(key) ?? Infinity;
    firstAlertOf.set(key, alert ? Math.min(seen, rows.ts[i]!) : seen);
  }
  const leads = [...firstAlertOf].filter(([, first]) => first !== Infinity).map(([key, first]) => (Number(key.split('@')[1]) - first) / 3_600_000);
  const episodes = referenceEpisodes(rows, alerts, stepMs, horizonMs);
  const falseEpisodes = episodes.filter((e) => e.every((i) => Number.isNaN(rows.failureAt[i]!))).length;
  const perDay = new Map<number, number>();
  for (const e of episodes) perDay.set(Math.floor(rows.ts[e[0]!]! / DAY), (perDay.get(Math.floor(rows.ts[e[0]!]! / DAY)) ?? 0) + 1);
  const failures = firstAlertOf.size;
  const caught = leads.length;
  return {
    ...figures,
    failures,
    caught,
    leads: leads.sort((a, b) => a - b),
    episodes: episodes.length,
    falseEpisodes,
    maxStartsPerDay: Math.max(0, ...perDay.values()),
    cost: costs ? (failures - caught) * costs.missedFailure + falseEpisodes * costs.falseAlarm + caught * costs.caughtFailure : null,
  };
}

/**
 * Alerts under a daily cap, time by time: at each time the assets whose row would start an
 * episode are ranked by risk (then asset) and the first ones take what is left of the day's cap.
 */
export function referenceCappedAlerts(rows: DecisionRows, threshold: number, maxPerDay: number, stepMs: number, horizonMs: number): number[] {
  const alerts = new Array<number>(rows.ts.length).fill(0);
  const rowsAt = new Map<number, number[]>();
  rows.ts.forEach((t, i) => {
    if (!rowsAt.has(t)) rowsAt.set(t, []);
    rowsAt.get(t)!.push(i);
  });
  const open = new Map<number, { start: number; last: number }>();
  const lastSeen = new Map<number, number>();
  const startsOn = new Map<number, number>();
  for (const [t, here] of [...rowsAt].sort(([a], [b]) => a - b)) {
    const wanting: number[] = [];
    for (const i of here) {
      const a = rows.asset[i]!;
      const episode = open.get(a);
      const continues = episode !== undefined && lastSeen.get(a) === episode.last && t - episode.last <= stepMs && t - episode.start < horizonMs;
      if (rows.risk[i]! < threshold) continue;
      if (continues) {
        alerts[i] = 1;
        episode.last = t;
      } else wanting.push(i);
    }
    wanting.sort((x, y) => rows.risk[y]! - rows.risk[x]! || rows.asset[x]! - rows.asset[y]!);
    const day = Math.floor(t / DAY);
    for (const i of wanting) {
      if ((startsOn.get(day) ?? 0) >= maxPerDay) break;
      startsOn.set(day, (startsOn.get(day) ?? 0) + 1);
      alerts[i] = 1;
      open.set(rows.asset[i]!, { start: t, last: t });
    }
    for (const i of here) lastSeen.set(rows.asset[i]!, t);
  }
  return alerts;
}

/** Every distinct score, and +Infinity (alert nothing). */
export function everyThreshold(scores: Float64Array): number[] {
  return [Infinity, ...new Set(scores)].sort((a, b) => b - a);
}
