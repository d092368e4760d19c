import { describe, expect, it } from 'vitest';
import { generatedFleet, HOUR } from '../../bench/decision-fleet.js';
import { averagePrecision } from '../../ml/decision/curves.js';
import { addBins, binnedAveragePrecision, emptyBins, RISK_BIN_COUNT, riskBin } from '../../ml/monitor/performance-bins.js';

/** docs/monitoring.md (realised performance): the PR-AUC of summed risk bins against the exact average precision. */

function binsOf(risk: Float64Array, positive: Uint8Array): { positive: number[]; negative: number[] } {
  const bins = { positive: emptyBins(), negative: emptyBins() };
  risk.forEach((r, i) => {
    const side = positive[i] ? bins.positive : bins.negative;
    side[riskBin(r)]!++;
  });
  return bins;
}

describe('risk bins', () => {
  it('put 0 and tiny risks in the first bin, 1 in the last, and keep the order of risks', () => {
    expect(riskBin(0)).toBe(0);
    expect(riskBin(5e-7)).toBe(0);
    expect(riskBin(1e-6)).toBe(1);
    expect(riskBin(1)).toBe(RISK_BIN_COUNT - 1);
    const risks = Array.from({ length: 5000 }, (_, k) => (k / 5000) ** 4);
    for (let k = 1; k < risks.length; k++) expect(riskBin(risks[k]!)).toBeGreaterThanOrEqual(riskBin(risks[k - 1]!));
  });

  it('give the exact average precision when no bin holds two different risks', () => {
    const risk = Float64Array.from([0.9, 0.9, 0.5, 0.3, 0.3, 0.3, 0.05, 0.01, 0.0001, 0]);
    const positive = Uint8Array.from([1, 0, 1, 0, 1, 1, 0, 1, 0, 0]);
    const bins = binsOf(risk, positive);
    expect(binnedAveragePrecision(bins.positive, bins.negative)).toBeCloseTo(averagePrecision(risk, positive)!, 12);
  });

  it('stay within 5% of the exact average precision on generated fleets', () => {
    for (const seed of [1, 2, 3, 4]) {
      const rows = generatedFleet({ seed, assets: 150, steps: 300, stepMs: 12 * HOUR, horizonMs: 48 * HOUR, failureRate: 0.003, gapRate: 0.02 });
      const positive = Uint8Array.from(rows.failureAt, (f) => (Number.isNaN(f) ? 0 : 1));
      for (const power of [1, 4]) {
        // risks spread over [0, 1], and squeezed towards 0 as a rare-failure forest's are
        const risk = rows.risk.map((r) => r ** power);
        const bins = binsOf(risk, positive);
        const exact = averagePrecision(risk, positive)!;
        const binned = binnedAveragePrecision(bins.positive, bins.negative)!;
        expect(Math.abs(exact - binned)).toBeLessThan(0.05 * exact);
      }
    }
  });

  it('sum across days to the bins of all the rows', () => {
    const rows = generatedFleet({ seed: 9, assets: 20, steps: 100, stepMs: HOUR, horizonMs: 24 * HOUR, failureRate: 0.02 });
    const positive = Uint8Array.from(rows.failureAt, (f) => (Number.isNaN(f) ? 0 : 1));
    const half = Math.floor(rows.ts.length / 2);
    const first = binsOf(rows.risk.subarray(0, half), positive.subarray(0, half));
    const second = binsOf(rows.risk.subarray(half), positive.subarray(half));
    addBins(first.positive, second.positive);
    addBins(first.negative, second.negative);
    expect(first).toEqual(binsOf(rows.risk, positive));
  });

  it('give no PR-AUC without a positive row', () => {
    expect(binnedAveragePrecision(emptyBins(), emptyBins())).toBeNull();
  });
});
