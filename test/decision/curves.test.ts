import { describe, expect, it } from 'vitest';
import { averagePrecision, brierScore, calibration } from '../../ml/decision/curves.js';
import { Rng } from '../../ml/forest/rng.js';

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);
const u8 = (xs: number[]): Uint8Array => Uint8Array.from(xs);

/** Average precision straight from its definition: every distinct threshold, precision and recall counted anew. */
function bruteAveragePrecision(scores: Float64Array, positive: Uint8Array): number {
  const positives = positive.filter((p) => p === 1).length;
  let previousRecall = 0;
  let sum = 0;
  for (const t of [...new Set(scores)].sort((a, b) => b - a)) {
    const alerted = [...scores.keys()].filter((i) => scores[i]! >= t);
    const tp = alerted.filter((i) => positive[i] === 1).length;
    sum += (tp / positives - previousRecall) * (tp / alerted.length);
    previousRecall = tp / positives;
  }
  return sum;
}

describe('average precision', () => {
  it('matches hand-computed values, ties taken as one threshold', () => {
    // 0.9: P 1, R 1/2; 0.8: R unchanged; 0.7: P 2/3, R 1 -> 1/2 + 1/2 * 2/3.
    expect(averagePrecision(f64([0.9, 0.8, 0.7, 0.6, 0.5]), u8([1, 0, 1, 0, 0]))).toBeCloseTo(5 / 6, 12);
    // 0.9 (two rows, one positive): P 1/2, R 1/2; 0.5: P 2/3, R 1 -> 1/4 + 1/3.
    expect(averagePrecision(f64([0.9, 0.5, 0.9]), u8([0, 1, 1]))).toBeCloseTo(7 / 12, 12);
    expect(averagePrecision(f64([0.2, 0.1]), u8([1, 1]))).toBe(1);
  });

  it('is null without positives, and matches a brute force on scores with ties', () => {
    expect(averagePrecision(f64([0.3, 0.4]), u8([0, 0]))).toBeNull();
    const rng = new Rng(21, 0);
    for (let run = 0; run < 5; run++) {
      const scores = Float64Array.from({ length: 300 }, () => Math.round(rng.nextFloat() * 40) / 40);
      const positive = Uint8Array.from(scores, (s) => (rng.nextFloat() < s * 0.5 ? 1 : 0));
      expect(averagePrecision(scores, positive)).toBeCloseTo(bruteAveragePrecision(scores, positive), 12);
    }
  });
});

describe('Brier score', () => {
  it('is the mean squared error, null without rows', () => {
    expect(brierScore(f64([0, 1]), u8([0, 1]))).toBe(0);
    expect(brierScore(f64([0.5, 0.5]), u8([0, 1]))).toBe(0.25);
    expect(brierScore(f64([0.9, 0.2, 0.4]), u8([0, 0, 1]))).toBeCloseTo((0.81 + 0.04 + 0.36) / 3, 12);
    expect(brierScore(f64([]), u8([]))).toBeNull();
  });
});

describe('calibration', () => {
  it('bins the sorted probabilities by equal counts', () => {
    const prob = f64([0.9, 0.1, 0.0, 0.8, 0.2, 0.3]);
    const positive = u8([1, 0, 0, 1, 1, 0]);
    const bins = calibration(prob, positive, 3);
    expect(bins.map((b) => [b.rows, b.observed])).toEqual([
      [2, 0],
      [2, 0.5],
      [2, 1],
    ]);
    [0.05, 0.25, 0.85].forEach((mean, k) => expect(bins[k]!.meanRisk).toBeCloseTo(mean, 12));
    expect(calibration(prob, positive).reduce((n, b) => n + b.rows, 0)).toBe(6);
    expect(calibration(prob, positive, 4).map((b) => b.rows)).toEqual([1, 2, 1, 2]);
    expect(calibration(f64([]), u8([]))).toEqual([]);
    expect(() => calibration(prob, positive, 0)).toThrow(RangeError);
  });
});
