import { describe, expect, it } from 'vitest';
import { DAY, generatedFleet, HOUR, type FleetShape } from '../../bench/decision-fleet.js';
import { alertsAt, episodeStarts, priorFrom, type PriorAlerts } from '../../ml/decision/alerts.js';
import type { DecisionRows } from '../../ml/decision/types.js';
import { referenceCappedAlerts, referenceEpisodes } from './reference.js';
import { rowsBetween } from './rows-between.js';

/** Rows of one asset per list of hour offsets, with the given risks; no failures. */
function hourlyRows(assets: { hours: number[]; risk: number[] }[]): DecisionRows {
  const asset = assets.flatMap((a, k) => a.hours.map(() => k));
  return {
    asset: Int32Array.from(asset),
    ts: Float64Array.from(assets.flatMap((a) => a.hours.map((h) => h * HOUR))),
    risk: Float64Array.from(assets.flatMap((a) => a.risk)),
    failureAt: new Float64Array(asset.length).fill(NaN),
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);
const startsOf = (starts: Uint8Array): number[] => [...starts.keys()].filter((i) => starts[i] === 1);

const fleets: FleetShape[] = [
  { seed: 1, assets: 12, steps: 400, stepMs: HOUR, horizonMs: 24 * HOUR, failureRate: 0.01, gapRate: 0.05 },
  { seed: 2, assets: 20, steps: 200, stepMs: DAY, horizonMs: 7 * DAY, failureRate: 0.02, levels: 20 },
  { seed: 3, assets: 8, steps: 600, stepMs: 12 * HOUR, horizonMs: 48 * HOUR, failureRate: 0.005, gapRate: 0.1 },
];

describe('episodes', () => {
  it('cuts a run of alerts a horizon after its start', () => {
    const rows = hourlyRows([{ hours: range(0, 100), risk: range(0, 100).map(() => 0.9) }]);
    const starts = episodeStarts(rows, alertsAt(rows, 0.5, HOUR, 48 * HOUR), HOUR, 48 * HOUR);
    expect(startsOf(starts)).toEqual([0, 48, 96]);
  });

  it('starts again after a row without alert, after a gap, and on another asset', () => {
    const risk = [0.9, 0.9, 0.1, 0.9, 0.9, 0.9];
    const rows = hourlyRows([
      { hours: [0, 1, 2, 3, 4, 6], risk },
      { hours: [0, 1], risk: [0.9, 0.9] },
    ]);
    const starts = episodeStarts(rows, alertsAt(rows, 0.5, HOUR, 48 * HOUR), HOUR, 48 * HOUR);
    expect(startsOf(starts)).toEqual([0, 3, 5, 6]);
  });

  it('agrees with a plain restatement on generated fleets', () => {
    for (const shape of fleets) {
      const rows = generatedFleet(shape);
      for (const threshold of [0.2, 0.4, 0.6]) {
        const alerts = alertsAt(rows, threshold, shape.stepMs, shape.horizonMs);
        const expected = referenceEpisodes(rows, alerts, shape.stepMs, shape.horizonMs).map((e) => e[0]!).sort((a, b) => a - b);
        expect(startsOf(episodeStarts(rows, alerts, shape.stepMs, shape.horizonMs))).toEqual(expected);
      }
    }
  });
});

/** Episode starts per UTC day. */
function startsPerDay(rows: DecisionRows, starts: Uint8Array): Map<number, number> {
  const perDay = new Map<number, number>();
  for (const i of startsOf(starts)) perDay.set(Math.floor(rows.ts[i]! / DAY), (perDay.get(Math.floor(rows.ts[i]! / DAY)) ?? 0) + 1);
  return perDay;
}

describe('daily capacity', () => {
  it('never starts more than K episodes a day, and matches a plain restatement', () => {
    for (const shape of fleets) {
      const rows = generatedFleet(shape);
      for (const [threshold, maxPerDay] of [[0.3, 1], [0.4, 3], [0.2, 5]] as const) {
        const alerts = alertsAt(rows, threshold, shape.stepMs, shape.horizonMs, { maxPerDay });
        const starts = episodeStarts(rows, alerts, shape.stepMs, shape.horizonMs);
        expect(Math.max(...startsPerDay(rows, starts).values())).toBeLessThanOrEqual(maxPerDay);
        expect([...alerts]).toEqual(referenceCappedAlerts(rows, threshold, maxPerDay, shape.stepMs, shape.horizonMs));
        const uncapped = alertsAt(rows, threshold, shape.stepMs, shape.horizonMs);
        expect(alerts.every((a, i) => a <= uncapped[i]!)).toBe(true);
      }
    }
  });

  it('admits the riskiest of simultaneous candidates first, the lower asset on a tie', () => {
    const day = (risks: number[]) => risks.map((risk) => ({ hours: [0], risk: [risk] }));
    const rows = hourlyRows(day([0.6, 0.9, 0.7, 0.9, 0.95]));
    expect([...alertsAt(rows, 0.5, DAY, 7 * DAY, { maxPerDay: 3 })]).toEqual([0, 1, 0, 1, 1]);
    expect([...alertsAt(rows, 0.5, DAY, 7 * DAY, { maxPerDay: 2 })]).toEqual([0, 1, 0, 0, 1]);
  });

  it('lets an open episode go on without budget, and spends the budget in time order', () => {
    const rows = hourlyRows([
      { hours: [0, 1, 2], risk: [0.9, 0.9, 0.9] },
      { hours: [0, 1, 2], risk: [0.1, 0.95, 0.95] },
    ]);
    expect([...alertsAt(rows, 0.5, HOUR, 48 * HOUR, { maxPerDay: 1 })]).toEqual([1, 1, 1, 0, 0, 0]);
  });

  it('counts the starts a prior run made on the same day', () => {
    const rows = hourlyRows([{ hours: [5], risk: [0.9] }]);
    const prior: PriorAlerts = { openEpisodeStart: Float64Array.of(NaN), lastTs: Float64Array.of(NaN), startsByDay: new Map([[0, 1]]) };
    expect([...alertsAt(rows, 0.5, HOUR, 48 * HOUR, { maxPerDay: 1, prior })]).toEqual([0]);
    expect([...alertsAt(rows, 0.5, HOUR, 48 * HOUR, { maxPerDay: 2, prior })]).toEqual([1]);
  });
});

describe('prior state', () => {
  /** Alerts and episode starts scored night by night over `cuts`, each night continuing the last. */
  function nightByNight(rows: DecisionRows, shape: FleetShape, cuts: number[], threshold: number, maxPerDay: number) {
    const alerts = new Uint8Array(rows.ts.length);
    const starts = new Uint8Array(rows.ts.length);
    let prior: PriorAlerts | undefined;
    for (let k = 0; k + 1 < cuts.length; k++) {
      const night = rowsBetween(rows, cuts[k]!, cuts[k + 1]!);
      const nightAlerts = alertsAt(night.rows, threshold, shape.stepMs, shape.horizonMs, { maxPerDay, prior });
      const nightStarts = episodeStarts(night.rows, nightAlerts, shape.stepMs, shape.horizonMs, prior);
      night.index.forEach((i, j) => {
        alerts[i] = nightAlerts[j]!;
        starts[i] = nightStarts[j]!;
      });
      prior = priorFrom(night.rows, nightAlerts, shape.stepMs, shape.horizonMs, shape.assets, prior);
    }
    return { alerts, starts };
  }

  it('scoring night by night gives the alerts and episodes of scoring the whole range', () => {
    for (const shape of fleets) {
      const rows = generatedFleet(shape);
      const first = Math.min(...rows.ts);
      const end = Math.max(...rows.ts) + 1;
      const span = end - first;
      // Nights of uneven lengths, cut at times that are not midnights, and at one that is.
      const cutSets = [
        [first, first + span * 0.37, end],
        [first, first + span * 0.1 + 7 * HOUR, first + span * 0.5 + 3 * HOUR, first + span * 0.52, first + span * 0.9, end],
        [first, Math.floor((first + span / 2) / DAY) * DAY, end],
        [first, ...Array.from({ length: 9 }, (_, k) => first + (span * (k + 1)) / 10), end],
      ];
      for (const cuts of cutSets) {
        for (const [threshold, maxPerDay] of [[0.3, 2], [0.2, 4], [0.5, 1]] as const) {
          const whole = alertsAt(rows, threshold, shape.stepMs, shape.horizonMs, { maxPerDay });
          const nights = nightByNight(rows, shape, cuts, threshold, maxPerDay);
          expect([...nights.alerts]).toEqual([...whole]);
          expect([...nights.starts]).toEqual([...episodeStarts(rows, whole, shape.stepMs, shape.horizonMs)]);
        }
      }
    }
  });

  it('keeps an episode that spans several nights cut where its start says', () => {
    const rows = hourlyRows([{ hours: range(0, 100), risk: range(0, 100).map(() => 0.9) }]);
    const shape = { stepMs: HOUR, horizonMs: 48 * HOUR, assets: 1 } as FleetShape;
    const nights = nightByNight(rows, shape, [0, 10 * HOUR, 30 * HOUR, 60 * HOUR, 100 * HOUR], 0.5, 5);
    expect(startsOf(nights.starts)).toEqual([0, 48, 96]);
  });
});
