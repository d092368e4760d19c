import { describe, expect, it } from 'vitest';
import { DAY, generatedFleet, HOUR, type FleetShape } from '../../bench/decision-fleet.js';
import { alertsAt } from '../../ml/decision/alerts.js';
import { baselines, eventFigures } from '../../ml/decision/events.js';
import type { DecisionRows } from '../../ml/decision/types.js';
import { referenceFigures } from './reference.js';

const H = 48 * HOUR;
const costs = { missedFailure: 100, falseAlarm: 10, caughtFailure: 5 };

/** Hourly rows 0..99 h of each asset; each asset fails at its failure hour (rows in the horizon before it are positive). */
function fleetOf(failureHours: (number | null)[]): DecisionRows {
  const rows = failureHours.flatMap((failure, asset) =>
    Array.from({ length: 100 }, (_, h) => ({ asset, ts: h * HOUR, failureAt: failure !== null && h < failure && failure - h <= 48 ? failure * HOUR : NaN })),
  );
  return {
    asset: Int32Array.from(rows, (r) => r.asset),
    ts: Float64Array.from(rows, (r) => r.ts),
    risk: new Float64Array(rows.length),
    failureAt: Float64Array.from(rows, (r) => r.failureAt),
  };
}

/** Alerts on the given hours of each asset (rows are 100 per asset). */
function alertOn(rows: DecisionRows, hours: [asset: number, from: number, to: number][]): Uint8Array {
  const alerts = new Uint8Array(rows.ts.length);
  for (const [asset, from, to] of hours) alerts.fill(1, asset * 100 + from, asset * 100 + to);
  return alerts;
}

/** The median of ascending values: the middle one, or the mean of the middle two. */
const middle = (xs: number[]): number | null => (xs.length === 0 ? null : (xs[Math.floor((xs.length - 1) / 2)]! + xs[Math.ceil((xs.length - 1) / 2)]!) / 2);

describe('event figures', () => {
  it('count two failures, one caught 30 h ahead and one missed, and one false episode', () => {
    // Asset 0 fails at 80 h (positive rows 32..79 h), alerted 50..55 h; asset 1 fails at 60 h
    // (positive rows 12..59 h), never alerted before it, alerted 70..72 h after it.
    const rows = fleetOf([80, 60]);
    const figures = eventFigures(rows, alertOn(rows, [[0, 50, 56], [1, 70, 73]]), HOUR, H, costs);
    expect(figures).toEqual({
      rows: 200,
      assetDays: 200 / 24,
      confusion: { tp: 6, fp: 3, fn: 90, tn: 101 },
      precision: 6 / 9,
      recall: 6 / 96,
      f1: 12 / 105,
      failures: 2,
      caught: 1,
      leadHoursMedian: 30,
      leadHoursP10: 30,
      episodes: 2,
      falseEpisodes: 1,
      falsePer1000AssetDays: 1000 / (200 / 24),
      maxStartsPerDay: 2,
      cost: 100 + 10 + 5,
    });
  });

  it('take the lead time from the first alert and interpolate its quantiles', () => {
    // Failures at 90 h, 90 h and 95 h; first alerts 10 h, 20 h and 40 h before them.
    const rows = fleetOf([90, 90, 95]);
    const figures = eventFigures(rows, alertOn(rows, [[0, 80, 82], [0, 85, 86], [1, 70, 71], [2, 55, 90]]), HOUR, H);
    expect(figures.caught).toBe(3);
    expect(figures.leadHoursMedian).toBe(20);
    expect(figures.leadHoursP10).toBeCloseTo(12, 12);
    expect(figures.episodes).toBe(4);
    expect(figures.falseEpisodes).toBe(0);
    expect(figures.cost).toBeNull();
  });

  it('have no lead time, no ratios and no cost to divide when nothing is caught or there are no rows', () => {
    const rows = fleetOf([80]);
    const none = eventFigures(rows, new Uint8Array(100), HOUR, H, costs);
    expect([none.caught, none.leadHoursMedian, none.leadHoursP10, none.precision, none.f1, none.cost]).toEqual([0, null, null, 0, 0, 100]);
    const empty = { asset: new Int32Array(0), ts: new Float64Array(0), risk: new Float64Array(0), failureAt: new Float64Array(0) };
    const nothing = eventFigures(empty, new Uint8Array(0), HOUR, H);
    expect([nothing.rows, nothing.assetDays, nothing.falsePer1000AssetDays, nothing.maxStartsPerDay, nothing.recall]).toEqual([0, 0, 0, 0, 0]);
  });

  it('agree with a plain restatement on generated fleets', () => {
    const shapes: FleetShape[] = [
      { seed: 4, assets: 15, steps: 300, stepMs: HOUR, horizonMs: 24 * HOUR, failureRate: 0.01, gapRate: 0.05 },
      { seed: 5, assets: 25, steps: 150, stepMs: DAY, horizonMs: 5 * DAY, failureRate: 0.02 },
    ];
    for (const shape of shapes) {
      const rows = generatedFleet(shape);
      for (const threshold of [0.1, 0.3, 0.5, 0.7]) {
        for (const capacity of [undefined, { maxPerDay: 2 }]) {
          const alerts = alertsAt(rows, threshold, shape.stepMs, shape.horizonMs, capacity);
          const figures = eventFigures(rows, alerts, shape.stepMs, shape.horizonMs, costs);
          const expected = referenceFigures(rows, alerts, shape.stepMs, shape.horizonMs, costs);
          const { tp, fp, fn, tn } = expected;
          expect(figures.confusion).toEqual({ tp, fp, fn, tn });
          expect([figures.failures, figures.caught, figures.episodes, figures.falseEpisodes, figures.maxStartsPerDay, figures.cost]).toEqual([
            expected.failures,
            expected.caught,
            expected.episodes,
            expected.falseEpisodes,
            expected.maxStartsPerDay,
            expected.cost,
          ]);
          const median = middle(expected.leads);
          if (median === null) expect(figures.leadHoursMedian).toBeNull();
          else expect(figures.leadHoursMedian).toBeCloseTo(median, 9);
        }
      }
    }
  });
});

describe('baselines', () => {
  it('alert nothing, everything and at 0.5', () => {
    const rows = generatedFleet({ seed: 6, assets: 10, steps: 200, stepMs: HOUR, horizonMs: H, failureRate: 0.01 });
    const { nothing, everything, half } = baselines(rows, HOUR, H, costs);
    expect([nothing.caught, nothing.episodes, nothing.cost]).toEqual([0, 0, nothing.failures * costs.missedFailure]);
    expect([everything.caught, everything.confusion.tp + everything.confusion.fp]).toEqual([everything.failures, rows.ts.length]);
    expect(half).toEqual(eventFigures(rows, alertsAt(rows, 0.5, HOUR, H), HOUR, H, costs));
  });
});
