import { describe, expect, it } from 'vitest';
import { DAY, generatedFleet, HOUR, type FleetShape } from '../../bench/decision-fleet.js';
import { alertsAt } from '../../ml/decision/alerts.js';
import { CANDIDATE_LIMIT, chooseThreshold, thresholdCandidates } from '../../ml/decision/choose.js';
import { baselines, eventFigures } from '../../ml/decision/events.js';
import type { DecisionRows } from '../../ml/decision/types.js';
import { everyThreshold, referenceCappedAlerts, referenceFigures } from './reference.js';

const few: FleetShape[] = [
  { seed: 11, assets: 10, steps: 300, stepMs: HOUR, horizonMs: 24 * HOUR, failureRate: 0.008, levels: 20, gapRate: 0.03 },
  { seed: 12, assets: 30, steps: 100, stepMs: DAY, horizonMs: 7 * DAY, failureRate: 0.01, levels: 12 },
  { seed: 13, assets: 6, steps: 500, stepMs: 12 * HOUR, horizonMs: 48 * HOUR, failureRate: 0.004, levels: 30 },
  { seed: 14, assets: 20, steps: 200, stepMs: HOUR, horizonMs: 48 * HOUR, failureRate: 0.002, levels: 25 },
];
const costSets = [
  { missedFailure: 100, falseAlarm: 10, caughtFailure: 20 },
  { missedFailure: 50, falseAlarm: 30, caughtFailure: 0 },
  { missedFailure: 1000, falseAlarm: 1, caughtFailure: 100 },
];

const naiveAlerts = (rows: DecisionRows, threshold: number): number[] => Array.from(rows.risk, (r) => (r >= threshold ? 1 : 0));

/** The threshold a brute force picks: the lowest `score` (compared item by item), the highest threshold on a tie. */
function bruteForce(thresholds: number[], score: (threshold: number) => number[]): { threshold: number; score: number[] } {
  const scored = thresholds.map((threshold) => ({ threshold, score: [...score(threshold), -threshold] }));
  const lower = (a: number[], b: number[]): boolean => {
    const k = a.findIndex((x, j) => x !== b[j]);
    return k >= 0 && a[k]! < b[k]!;
  };
  const best = scored.reduce((b, s) => (lower(s.score, b.score) ? s : b));
  return { threshold: best.threshold, score: best.score.slice(0, -1) };
}

describe('the cost rule', () => {
  it('picks the lowest expected cost over every distinct validation score', () => {
    for (const shape of few) {
      const rows = generatedFleet(shape);
      expect(thresholdCandidates(rows.risk)).toEqual(everyThreshold(rows.risk));
      for (const costs of costSets) {
        const choice = chooseThreshold(rows, { kind: 'cost', costs }, shape.stepMs, shape.horizonMs);
        const best = bruteForce(everyThreshold(rows.risk), (t) => [referenceFigures(rows, naiveAlerts(rows, t), shape.stepMs, shape.horizonMs, costs).cost!]);
        expect([choice.threshold, choice.figures.cost, choice.basis]).toEqual([best.threshold, best.score[0], 'validation']);
      }
    }
  });

  it('with more distinct scores than the limit, reaches the best cost of its grid', () => {
    const shape: FleetShape = { seed: 15, assets: 6, steps: 300, stepMs: HOUR, horizonMs: 24 * HOUR, failureRate: 0.01 };
    const rows = generatedFleet(shape);
    const costs = costSets[0]!;
    const grid = thresholdCandidates(rows.risk);
    expect(everyThreshold(rows.risk).length).toBeGreaterThan(CANDIDATE_LIMIT + 1);
    expect(grid.length).toBeLessThanOrEqual(CANDIDATE_LIMIT + 1);
    const choice = chooseThreshold(rows, { kind: 'cost', costs }, shape.stepMs, shape.horizonMs);
    const costAt = (t: number): number[] => [referenceFigures(rows, naiveAlerts(rows, t), shape.stepMs, shape.horizonMs, costs).cost!];
    expect(choice.candidates).toBe(grid.length);
    expect(choice.figures.cost).toBe(bruteForce(grid, costAt).score[0]);
    expect(choice.figures.cost).toBeGreaterThanOrEqual(bruteForce(everyThreshold(rows.risk), costAt).score[0]!);
  });
});

describe('the capacity rule', () => {
  it('catches the most failures within the cap, then the fewest false episodes', () => {
    for (const shape of few) {
      const rows = generatedFleet(shape);
      for (const maxPerDay of [1, 3]) {
        const choice = chooseThreshold(rows, { kind: 'capacity', maxPerDay }, shape.stepMs, shape.horizonMs);
        const best = bruteForce(everyThreshold(rows.risk), (t) => {
          const figures = referenceFigures(rows, referenceCappedAlerts(rows, t, maxPerDay, shape.stepMs, shape.horizonMs), shape.stepMs, shape.horizonMs);
          return [-figures.caught, figures.falseEpisodes];
        });
        expect([choice.threshold, -choice.figures.caught, choice.figures.falseEpisodes]).toEqual([best.threshold, ...best.score]);
        expect(choice.figures.maxStartsPerDay).toBeLessThanOrEqual(maxPerDay);
      }
    }
  });
});

describe('the best-F1 rule', () => {
  const rowF1 = (rows: DecisionRows, t: number): number => {
    const f = referenceFigures(rows, naiveAlerts(rows, t), HOUR, HOUR);
    return f.tp === 0 ? 0 : (2 * (f.tp / (f.tp + f.fp)) * (f.tp / (f.tp + f.fn))) / (f.tp / (f.tp + f.fp) + f.tp / (f.tp + f.fn));
  };

  it('picks the highest row F1, the highest threshold on a tie', () => {
    for (const shape of [...few, { seed: 16, assets: 4, steps: 200, stepMs: HOUR, horizonMs: 24 * HOUR, failureRate: 0.01 }]) {
      const rows = generatedFleet(shape);
      const choice = chooseThreshold(rows, { kind: 'best-f1' }, shape.stepMs, shape.horizonMs);
      const thresholds = everyThreshold(rows.risk);
      const bestF1 = Math.max(...thresholds.map((t) => rowF1(rows, t)));
      const highest = Math.max(...thresholds.filter((t) => rowF1(rows, t) >= bestF1 - 1e-12));
      expect(choice.threshold).toBe(highest);
      expect(choice.figures.f1).toBeCloseTo(bestF1, 12);
      expect(choice.figures).toEqual(eventFigures(rows, alertsAt(rows, choice.threshold, shape.stepMs, shape.horizonMs), shape.stepMs, shape.horizonMs));
    }
  });

  it('alerts on a rare-failure fleet whose risks never reach 0.5', () => {
    const rows = generatedFleet({ seed: 17, assets: 40, steps: 300, stepMs: HOUR, horizonMs: 24 * HOUR, failureRate: 0.001 });
    rows.risk.forEach((r, i) => (rows.risk[i] = 0.45 * r));
    const choice = chooseThreshold(rows, { kind: 'best-f1' }, HOUR, 24 * HOUR);
    expect(baselines(rows, HOUR, 24 * HOUR).half.caught).toBe(0);
    expect(choice.threshold).toBeLessThan(0.5);
    expect(choice.figures.caught).toBeGreaterThan(0);
  });
});

describe('thresholds without a choice', () => {
  const rows = generatedFleet({ seed: 18, assets: 10, steps: 200, stepMs: DAY, horizonMs: 7 * DAY, failureRate: 0.01 });

  it('takes a given threshold as it is', () => {
    const choice = chooseThreshold(rows, { kind: 'fixed', threshold: 0.42 }, DAY, 7 * DAY);
    expect(choice).toEqual({ threshold: 0.42, figures: eventFigures(rows, alertsAt(rows, 0.42, DAY, 7 * DAY), DAY, 7 * DAY), candidates: 1, basis: 'given' });
  });

  it('falls back to 0.5 when the rows hold no failure', () => {
    const quiet = { ...rows, failureAt: new Float64Array(rows.ts.length).fill(NaN) };
    const costs = costSets[0]!;
    const byCost = chooseThreshold(quiet, { kind: 'cost', costs }, DAY, 7 * DAY);
    expect(byCost).toEqual({ threshold: 0.5, figures: eventFigures(quiet, alertsAt(quiet, 0.5, DAY, 7 * DAY), DAY, 7 * DAY, costs), candidates: 1, basis: 'no-failures' });
    const byCapacity = chooseThreshold(quiet, { kind: 'capacity', maxPerDay: 1 }, DAY, 7 * DAY);
    expect([byCapacity.threshold, byCapacity.basis, byCapacity.figures.maxStartsPerDay]).toEqual([0.5, 'no-failures', 1]);
    expect(chooseThreshold(quiet, { kind: 'best-f1' }, DAY, 7 * DAY).basis).toBe('no-failures');
  });
});

describe('threshold candidates', () => {
  it('thin many distinct scores to a deterministic grid that keeps the extremes and the top', () => {
    const scores = Float64Array.from({ length: 50_000 }, (_, i) => ((i * 7919) % 50_000) / 50_000);
    const grid = thresholdCandidates(scores);
    expect(grid).toEqual(thresholdCandidates(Float64Array.from(scores).reverse()));
    expect(grid.length).toBeLessThanOrEqual(CANDIDATE_LIMIT + 1);
    expect(grid.slice(0, 3)).toEqual([Infinity, 49_999 / 50_000, 49_998 / 50_000]);
    expect(grid[grid.length - 1]).toBe(0);
    expect(grid.every((t, k) => k === 0 || t < grid[k - 1]!)).toBe(true);
  });
});
