import { describe, expect, it } from 'vitest';
import { DAY, generatedFleet, HOUR } from '../../bench/decision-fleet.js';
import { alertsAt } from '../../ml/decision/alerts.js';
import { averagePrecision, brierScore } from '../../ml/decision/curves.js';
import { eventFigures } from '../../ml/decision/events.js';
import { judgeNight, NOTHING_OPEN, emptyDay } from '../../ml/monitor/performance-judge.js';
import { MIN_FAILURES, periodOf, realisedFigures } from '../../ml/monitor/performance-rollup.js';

/** docs/monitoring.md (realised performance): a period's figures from its days. */

const day = (iso: string): number => Date.parse(iso) / DAY;
const costs = { missedFailure: 1000, falseAlarm: 50, caughtFailure: 100 };

describe('periods', () => {
  it('are UTC days, weeks from Monday and calendar months', () => {
    expect(periodOf(day('2024-01-03'), 'day')).toEqual({ start: day('2024-01-03'), end: day('2024-01-04') });
    expect(periodOf(day('2024-01-03'), 'week')).toEqual({ start: day('2024-01-01'), end: day('2024-01-08') });
    expect(periodOf(day('2024-01-07'), 'week')).toEqual({ start: day('2024-01-01'), end: day('2024-01-08') });
    expect(periodOf(day('1969-12-31'), 'week')).toEqual({ start: day('1969-12-29'), end: day('1970-01-05') });
    expect(periodOf(day('2024-02-29'), 'month')).toEqual({ start: day('2024-02-01'), end: day('2024-03-01') });
    expect(periodOf(day('2023-12-31'), 'month')).toEqual({ start: day('2023-12-01'), end: day('2024-01-01') });
  });
});

describe('realised figures', () => {
  it('are those of eventFigures and the scores on the same rows, once everything has matured', () => {
    const shape = { seed: 21, assets: 40, steps: 300, stepMs: 12 * HOUR, horizonMs: 48 * HOUR, failureRate: 0.01, gapRate: 0.03 };
    const rows = generatedFleet(shape);
    const alerts = alertsAt(rows, 0.45, shape.stepMs, shape.horizonMs);
    const judged = judgeNight(rows, alerts, shape, { after: -Infinity, through: Infinity }, NOTHING_OPEN);
    const realised = realisedFigures(judged.days, costs);
    const expected = eventFigures(rows, alerts, shape.stepMs, shape.horizonMs, costs);
    const positive = Uint8Array.from(rows.failureAt, (f) => (Number.isNaN(f) ? 0 : 1));
    expect(realised.failures).toBeGreaterThanOrEqual(MIN_FAILURES);
    expect(realised.enough).toBe(true);
    expect(realised.precision).toBeCloseTo(expected.precision, 12);
    expect(realised.recall).toBeCloseTo(expected.recall, 12);
    expect(realised.caughtShare).toBeCloseTo(expected.caught / expected.failures, 12);
    expect(realised.leadHoursMedian).toBeCloseTo(expected.leadHoursMedian!, 9);
    expect(realised.leadHoursP10).toBeCloseTo(expected.leadHoursP10!, 9);
    expect(realised.falsePer1000AssetDays).toBeCloseTo(expected.falsePer1000AssetDays, 9);
    expect(realised.cost).toBe(expected.cost);
    expect(realised.brier).toBeCloseTo(brierScore(rows.risk, positive)!, 12);
    const exact = averagePrecision(rows.risk, positive)!;
    expect(Math.abs(realised.prAuc! - exact)).toBeLessThan(0.05 * exact);
  });

  it('hold back the rates of a period with too few failures, but not its counts', () => {
    const days = Array.from({ length: MIN_FAILURES - 1 }, (_, k) => ({
      ...emptyDay(k, true),
      rows: 10,
      positives: 2,
      brierSum: 0.5,
      assetDays: 10,
      confusion: { tp: 1, fp: 1, fn: 1, tn: 7 },
      failures: 1,
      caught: 1,
      leadHours: [12],
      episodes: 2,
      falseEpisodes: 1,
    }));
    const few = realisedFigures(days, costs);
    expect(few).toMatchObject({ enough: false, failures: MIN_FAILURES - 1, caught: MIN_FAILURES - 1, precision: null, recall: null, caughtShare: null, prAuc: null, brier: null, leadHoursMedian: null, leadHoursP10: null });
    expect(few.falsePer1000AssetDays).toBeCloseTo(100, 12);
    expect(few.cost).toBe((MIN_FAILURES - 1) * (costs.caughtFailure + costs.falseAlarm));
    const enough = realisedFigures([...days, { ...days[0]!, day: 99 }], costs);
    expect(enough).toMatchObject({ enough: true, precision: 0.5, recall: 0.5, caughtShare: 1, brier: 0.05, leadHoursMedian: 12 });
  });

  it('have no alert figures and no cost for a model without a rule, and no precision without an alert', () => {
    const noRule = realisedFigures(Array.from({ length: MIN_FAILURES }, (_, k) => ({ ...emptyDay(k, false), rows: 5, failures: 1, assetDays: 5 })), costs);
    expect(noRule).toMatchObject({ enough: true, confusion: null, caught: null, precision: null, recall: null, caughtShare: null, falsePer1000AssetDays: null, cost: null, leadHoursMedian: null });
    const silent = realisedFigures(Array.from({ length: MIN_FAILURES }, (_, k) => ({ ...emptyDay(k, true), rows: 5, positives: 1, failures: 1, confusion: { tp: 0, fp: 0, fn: 1, tn: 4 } })), undefined);
    expect(silent).toMatchObject({ precision: null, recall: 0, caughtShare: 0, cost: null, leadHoursMedian: null });
  });
});
