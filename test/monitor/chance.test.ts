import { describe, expect, it } from 'vitest';
import { Rng } from '../../ml/forest/rng.js';
import { allRows } from '../../ml/monitor/bins.js';
import { chancePsi, trainingPeriods } from '../../ml/monitor/chance.js';
import { compareToProfile } from './compare.js';
import { buildProfile } from '../../ml/monitor/profile.js';
import { flaggedDrift } from '../../ml/monitor/thresholds.js';
import type { FeatureEncoding } from '../../ml/encoding.js';

/**
 * The chance PSI (docs/monitoring.md#chance), against a reference written from the docs alone:
 * periods of whole UTC days of at least 200 rows, each compared with the rows of the others.
 */

const DAY = 86_400_000;

/** Periods as the docs say: walk the days in order, close a period once it has the rows, a short tail joins the last. */
function referencePeriods(ts: number[], rows: number[], minRows: number): number[][] {
  const days = [...new Set(rows.map((r) => Math.floor((ts[r] as number) / DAY)))].sort((a, b) => a - b);
  const periods: number[][] = [];
  let open: number[] = [];
  for (const day of days) {
    open = open.concat(rows.filter((r) => Math.floor((ts[r] as number) / DAY) === day));
    if (open.length >= minRows) {
      periods.push(open);
      open = [];
    }
  }
  if (open.length && periods.length) periods[periods.length - 1] = (periods[periods.length - 1] as number[]).concat(open);
  else if (open.length) periods.push(open);
  return periods;
}

/** Shares of the non-missing values over the bins, a value on an edge in the bin below; then the PSI with shares floored at 1e-4. */
function referenceShares(edges: number[], values: number[]): number[] {
  const present = values.filter((v) => !Number.isNaN(v));
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of present) {
    let bin = 0;
    while (bin < edges.length && (edges[bin] as number) < v) bin++;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts.map((c) => c / present.length);
}
function referencePsi(e: number[], a: number[]): number {
  return e.reduce((sum, x, i) => {
    const ee = Math.max(x, 1e-4);
    const aa = Math.max(a[i] as number, 1e-4);
    return sum + (aa - ee) * Math.log(aa / ee);
  }, 0);
}
function referenceChance(edges: number[], values: number[], periods: number[][]): number | null {
  if (periods.length < 2) return null;
  let largest = 0;
  periods.forEach((period, p) => {
    const others = periods.filter((_, q) => q !== p).flat();
    const mine = period.map((r) => values[r] as number);
    const theirs = others.map((r) => values[r] as number);
    if (mine.every(Number.isNaN) || theirs.every(Number.isNaN)) return;
    largest = Math.max(largest, referencePsi(referenceShares(edges, theirs), referenceShares(edges, mine)));
  });
  return largest;
}

/** A fleet's rows: `assets` assets, `perDay` rows each per day over `days` days, in shuffled order. */
function fleetRows(rng: Rng, assets: number, days: number, perDay: number): { ts: Float64Array; asset: Int32Array } {
  const order: { ts: number; asset: number }[] = [];
  for (let d = 0; d < days; d++) for (let a = 0; a < assets; a++) for (let k = 0; k < perDay; k++) order.push({ ts: d * DAY + (k * DAY) / perDay, asset: a });
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.nextFloat() * (i + 1));
    [order[i], order[j]] = [order[j] as (typeof order)[number], order[i] as (typeof order)[number]];
  }
  return { ts: Float64Array.from(order, (o) => o.ts), asset: Int32Array.from(order, (o) => o.asset) };
}

describe('training periods and the chance PSI', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`agree with the reference on generated fleets (seed ${seed})`, () => {
      const rng = new Rng(seed, 0);
      const assets = 1 + Math.floor(rng.nextFloat() * 40);
      const { ts, asset } = fleetRows(rng, assets, 1 + Math.floor(rng.nextFloat() * 30), 1 + Math.floor(rng.nextFloat() * 4));
      const level = Array.from({ length: assets }, () => rng.nextFloat() * 10);
      const values = Float64Array.from(asset, (a) => (rng.nextFloat() < 0.05 ? NaN : (level[a] as number) + rng.nextFloat()));
      const subset = Array.from(allRows(ts.length)).filter(() => rng.nextFloat() < 0.7);
      const minRows = 20 + Math.floor(rng.nextFloat() * 200);
      const periods = trainingPeriods(ts, subset, minRows);
      const expected = referencePeriods(Array.from(ts), subset, minRows);
      expect(periods.map((p) => [...p].sort((a, b) => a - b))).toEqual(expected.map((p) => [...p].sort((a, b) => a - b)));
      const edges = [2, 4, 5, 6, 8];
      const chance = chancePsi(edges, values, periods);
      const reference = referenceChance(edges, Array.from(values), expected);
      if (reference === null) expect(chance).toBeNull();
      else expect(chance).toBeCloseTo(reference, 10);
    });
  }

  const encoding: FeatureEncoding = { numeric: ['sensor_mean', 'days_since_service'], categorical: [] };
  /** Ten assets: a sensor that varies from row to row, and a per-asset count that steps one a day. */
  function smallFleet(seed: number, firstDay: number, days: number, shift = 0): { features: Float64Array[]; risk: Float64Array; ts: Float64Array } {
    const rng = new Rng(seed, 0);
    const { ts, asset } = fleetRows(rng, 10, days, 2);
    const serviced = Array.from({ length: 10 }, () => Math.floor(rng.nextFloat() * 90));
    const sensor = Float64Array.from(asset, () => 50 + 5 * rng.nextFloat() + shift);
    const since = Float64Array.from(asset, (a, r) => (firstDay + Math.floor((ts[r] as number) / DAY) + (serviced[a] as number)) % 90);
    return { features: [sensor, since], risk: new Float64Array(ts.length), ts: Float64Array.from(ts, (t) => t + firstDay * DAY) };
  }
  const judge = (profile: ReturnType<typeof buildProfile>, night: ReturnType<typeof smallFleet>): string[] =>
    flaggedDrift(compareToProfile(profile, encoding, night.features, night.risk)).filter((f) => f.level === 'drifted').map((f) => f.entry.feature);

  it('keeps a slowly varying per-asset feature of a small fleet from being called drifted, and still sees a sensor move', () => {
    const training = smallFleet(7, 0, 60);
    const profile = buildProfile(encoding, { values: training.features, ts: training.ts }, { values: training.risk, ts: training.ts });
    const [sensor, since] = profile.numeric;
    expect(sensor?.chancePsi).toBeLessThan(0.15);
    expect(since?.chancePsi).toBeGreaterThan(0.3);
    for (const start of [60, 75, 100]) expect(judge(profile, smallFleet(7, start, 10))).toEqual([]);
    expect(judge(profile, smallFleet(7, 60, 10, 2))).toEqual(['sensor_mean']);
  });

  it('does not judge the PSI of rows too few to make two periods, and judges it as it stands for an old profile', () => {
    const training = smallFleet(8, 0, 15);
    const profile = buildProfile(encoding, { values: training.features, ts: training.ts }, { values: training.risk, ts: training.ts });
    expect(profile.numeric.map((p) => p.chancePsi)).toEqual([null, null]);
    const moved = smallFleet(8, 15, 20, 10);
    expect(judge(profile, moved)).toEqual([]);
    const old = { ...profile, numeric: profile.numeric.map((p) => ({ ...p, chancePsi: 0 })) };
    expect(judge(old, moved)).toContain('sensor_mean');
  });
});
