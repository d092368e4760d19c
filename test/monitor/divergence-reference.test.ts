import { describe, expect, it } from 'vitest';
import { Rng } from '../../ml/forest/rng.js';
import { quantileEdges } from '../../ml/monitor/bins.js';
import { sharesIn } from './compare.js';
import { jensenShannonDistance, populationStabilityIndex } from '../../ml/monitor/divergence.js';

/**
 * The monitoring measures and bins against a brute-force reading of docs/monitoring.md, written
 * from the document's definitions alone: fixed cases worked by hand, then seeded random ones with
 * empty bins, constant columns and values tied on edges.
 */

const TOLERANCE = 1e-12;

// ---- the reference, from docs/monitoring.md ----

/** PSI = Σ (a - e) ln(a / e), every share first raised to at least ε = 1e-4. */
function referencePsi(e: readonly number[], a: readonly number[]): number {
  let sum = 0;
  e.forEach((share, i) => {
    const x = Math.max(share, 1e-4);
    const y = Math.max(a[i] ?? 0, 1e-4);
    sum += (y - x) * Math.log(y / x);
  });
  return sum;
}

/** JS divergence in bits, ½ Σ e log2(e/m) + ½ Σ a log2(a/m) with m the mean share, zero shares adding nothing. */
function referenceJsDivergence(e: readonly number[], a: readonly number[]): number {
  let sum = 0;
  e.forEach((x, i) => {
    const y = a[i] ?? 0;
    const m = (x + y) / 2;
    if (x > 0) sum += 0.5 * x * Math.log2(x / m);
    if (y > 0) sum += 0.5 * y * Math.log2(y / m);
  });
  return sum;
}

/** Bin j holds edges[j-1] < x <= edges[j]: a value's bin is the number of edges below it. */
function referenceBin(edges: readonly number[], x: number): number {
  return edges.filter((edge) => edge < x).length;
}

function referenceSharesIn(edges: readonly number[], values: readonly number[]): { shares: number[]; missing: number; rows: number } {
  const counts = Array.from({ length: edges.length + 1 }, () => 0);
  let missing = 0;
  for (const x of values) {
    if (Number.isNaN(x)) missing++;
    else {
      const j = referenceBin(edges, x);
      counts[j] = (counts[j] ?? 0) + 1;
    }
  }
  const binned = values.length - missing;
  return { shares: counts.map((c) => (binned === 0 ? 0 : c / binned)), missing, rows: values.length };
}

/** The largest double below v, by stepping the bits of v. */
function doubleBelow(v: number): number {
  if (v === 0) return -Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, v > 0 ? bits - 1n : bits + 1n);
  return view.getFloat64(0);
}

/**
 * Edges from the finite values: none without values; below v and v for a constant v; every
 * distinct value but the largest when there are at most `bins`; else edge k (1..bins-1) the
 * smallest value with at least k/bins of the values at or below it, equal edges merged and an
 * edge at the maximum dropped.
 */
function referenceQuantileEdges(values: readonly number[], bins: number): number[] {
  const finite = values.filter((x) => Number.isFinite(x));
  const distinct = [...new Set(finite)].sort((x, y) => x - y);
  if (distinct.length === 0) return [];
  if (distinct.length === 1) return [doubleBelow(distinct[0] as number), distinct[0] as number];
  if (distinct.length <= bins) return distinct.slice(0, -1);
  const atOrBelow = (v: number): number => finite.filter((x) => x <= v).length;
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    // count / n >= k / bins, in integers
    const edge = distinct.find((v) => atOrBelow(v) * bins >= k * finite.length) as number;
    if (!edges.includes(edge) && edge !== distinct.at(-1)) edges.push(edge);
  }
  return edges;
}

// ---- seeded data ----

/** The forest's seeded generator, as uniform draws in [0, 1). */
function generator(seed: number): () => number {
  const rng = new Rng(seed, 0);
  return () => rng.nextFloat();
}

/** Shares over `bins` bins from random counts, about a third of the bins empty (all empty now and then). */
function randomShares(next: () => number, bins: number): number[] {
  const counts = Array.from({ length: bins }, () => (next() < 0.35 ? 0 : Math.floor(next() * 1000)));
  const total = counts.reduce((x, y) => x + y, 0);
  return counts.map((c) => (total === 0 ? 0 : c / total));
}

type Column = { name: string; values: number[] };

/** Columns of every awkward kind: continuous, heavy ties, few values, constant, missing, infinite. */
function randomColumns(next: () => number, round: number): Column[] {
  const n = 20 + Math.floor(next() * 400);
  const draw = (f: () => number): number[] => Array.from({ length: n }, f);
  const sprinkle = (xs: number[]): number[] => xs.map((x) => (next() < 0.05 ? NaN : next() < 0.02 ? (next() < 0.5 ? Infinity : -Infinity) : x));
  const constant = Math.round((next() - 0.5) * 200) / 4;
  return [
    { name: `continuous ${round}`, values: draw(() => (next() - 0.3) * 50) },
    { name: `integers 0..30 ${round}`, values: draw(() => Math.floor(next() * 31)) },
    { name: `heavy ties ${round}`, values: draw(() => (next() < 0.6 ? 0 : Math.floor(next() * 40))) },
    { name: `few values ${round}`, values: draw(() => Math.floor(next() * (2 + Math.floor(round % 9)))) },
    { name: `rare flag ${round}`, values: draw(() => (next() < 0.003 ? 1 : 0)) },
    { name: `constant ${round}`, values: draw(() => constant) },
    { name: `with missing and infinite ${round}`, values: sprinkle(draw(() => Math.floor(next() * 25) / 2)) },
    { name: `all missing ${round}`, values: draw(() => NaN) },
  ];
}

// ---- the comparisons ----

function expectShares(edges: number[], values: number[]): void {
  const got = sharesIn(edges, values);
  const want = referenceSharesIn(edges, values);
  expect({ missing: got.missing, rows: got.rows, bins: got.shares.length }).toEqual({ missing: want.missing, rows: want.rows, bins: want.shares.length });
  got.shares.forEach((share, j) => expect(Math.abs(share - (want.shares[j] as number))).toBeLessThanOrEqual(TOLERANCE));
}

function expectMeasures(e: number[], a: number[]): void {
  expect(Math.abs(populationStabilityIndex(e, a) - referencePsi(e, a))).toBeLessThanOrEqual(TOLERANCE);
  const divergence = referenceJsDivergence(e, a);
  const distance = jensenShannonDistance(e, a);
  // the square root magnifies rounding near 0: there compare the divergence, its square
  if (divergence > 1e-6) expect(Math.abs(distance - Math.sqrt(divergence))).toBeLessThanOrEqual(TOLERANCE);
  else expect(Math.abs(distance * distance - divergence)).toBeLessThanOrEqual(TOLERANCE);
}

describe('PSI and Jensen-Shannon distance on worked cases', () => {
  it('are 0 for equal shares', () => {
    expect(populationStabilityIndex([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
    expect(jensenShannonDistance([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
  });

  it('give ln(3)/4 and the hand-worked distance for one half moved', () => {
    // (0.25 - 0.5) ln(0.5) + (0.75 - 0.5) ln(1.5) = 0.25 ln 3
    expect(Math.abs(populationStabilityIndex([0.5, 0.5], [0.25, 0.75]) - Math.log(3) / 4)).toBeLessThanOrEqual(TOLERANCE);
    // m = (0.75, 0.25): ½(½ log2(2/3) + ½ log2 2) + ½ log2(4/3)
    const divergence = Math.log2(2 / 3) / 4 + 1 / 4 + Math.log2(4 / 3) / 2;
    expect(Math.abs(jensenShannonDistance([0.5, 0.5], [1, 0]) - Math.sqrt(divergence))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('floor an empty bin at 1e-4 in the PSI: a new bin of 10% adds about 0.69', () => {
    const psi = populationStabilityIndex([1, 0], [0.9, 0.1]);
    expect(Math.abs(psi - (-0.1 * Math.log(0.9) + (0.1 - 1e-4) * Math.log(0.1 / 1e-4)))).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(populationStabilityIndex([0.5, 0.5, 0], [0.5, 0.5, 0]))).toBe(0);
  });

  it('give distance 1 for shares with no bin in common, and √½ against nothing binned', () => {
    expect(Math.abs(jensenShannonDistance([0.4, 0.6, 0, 0], [0, 0, 0.3, 0.7]) - 1)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(jensenShannonDistance([0, 0], [0.5, 0.5]) - Math.SQRT1_2)).toBeLessThanOrEqual(TOLERANCE);
    expect(populationStabilityIndex([0, 0], [0, 0])).toBe(0);
  });
});

describe('PSI and Jensen-Shannon distance on seeded random shares', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('agree with the reference to 1e-12 (seed %i)', (seed) => {
    const next = generator(seed);
    for (let round = 0; round < 200; round++) {
      const bins = 1 + Math.floor(next() * 14);
      const e = randomShares(next, bins);
      // now and then the same shares, or the same shares with a billionth moved from the first bin to the last
      const nudged = e.map((s, i) => s + (bins > 1 && (e[0] as number) > 1e-9 ? (i === 0 ? -1e-9 : i === bins - 1 ? 1e-9 : 0) : 0));
      const a = round % 10 === 0 ? [...e] : round % 10 === 1 ? nudged : randomShares(next, bins);
      expectMeasures(e, a);
      expectMeasures(a, e);
    }
  });
});

describe('sharesIn and quantileEdges on worked cases', () => {
  it('put a value on an edge into the bin below, values beyond the edges into the outer bins, NaN apart', () => {
    const got = sharesIn([1, 2, 3], [0, 1, 1.5, 2, 2, 3, 3.5, 99, -Infinity, Infinity, NaN, NaN]);
    // bins: <=1: 0, 1, -inf; (1,2]: 1.5, 2, 2; (2,3]: 3; >3: 3.5, 99, inf
    expect(got).toEqual({ shares: [3 / 10, 3 / 10, 1 / 10, 3 / 10], missing: 2, rows: 12 });
    expect(sharesIn([1], [NaN])).toEqual({ shares: [0, 0], missing: 1, rows: 1 });
  });

  it('cut 1..100 at every tenth value, and give few values a bin each', () => {
    expect(quantileEdges(Array.from({ length: 100 }, (_, i) => i + 1))).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(quantileEdges([0, 0, 1, 0, 0, 0])).toEqual([0]);
    expect(quantileEdges([3, 1, 2, 2, 1])).toEqual([1, 2]);
  });

  it('give a constant three bins, and no values no edges', () => {
    expect(quantileEdges([5, 5, 5, NaN, Infinity])).toEqual([5 - 2 ** -50, 5]);
    expect(quantileEdges([0, 0])).toEqual([-Number.MIN_VALUE, 0]);
    expect(quantileEdges([-2, -2])).toEqual([-2 - 2 ** -51, -2]);
    expect(quantileEdges([NaN, NaN])).toEqual([]);
    expect(quantileEdges([])).toEqual([]);
  });

  it('merge tied edges and drop an edge at the maximum', () => {
    // 60 zeros then 1..40: edges 1..6 are all 0, then 10/20/30 of the 40 ones above
    const values = [...Array.from({ length: 60 }, () => 0), ...Array.from({ length: 40 }, (_, i) => i + 1)];
    expect(quantileEdges(values)).toEqual([0, 10, 20, 30]);
    // 95 values of 7 above 11 distinct lower ones: the upper edges are all 7, the maximum, and go
    const topHeavy = [...Array.from({ length: 11 }, (_, i) => i - 20), ...Array.from({ length: 95 }, () => 7)];
    expect(quantileEdges(topHeavy)).toEqual(referenceQuantileEdges(topHeavy, 10));
    expect(quantileEdges(topHeavy).includes(7)).toBe(false);
  });
});

describe('sharesIn and quantileEdges on seeded random columns', () => {
  it.each([11, 12, 13, 14, 15, 16])('agree with the reference (seed %i)', (seed) => {
    const next = generator(seed);
    for (let round = 0; round < 12; round++) {
      for (const column of randomColumns(next, round)) {
        for (const bins of [4, 10, 20]) {
          const edges = quantileEdges(column.values, bins);
          expect(edges, `${column.name}, ${bins} bins`).toEqual(referenceQuantileEdges(column.values, bins));
          expectShares(edges, column.values);
        }
        // ties on the edges: later values drawn from the edge values themselves
        const edges = referenceQuantileEdges(column.values, 10);
        const onEdges = Array.from({ length: 100 }, () => (edges.length > 0 && next() < 0.7 ? (edges[Math.floor(next() * edges.length)] as number) : (next() - 0.5) * 100));
        expectShares(edges, onEdges);
      }
    }
  });
});
