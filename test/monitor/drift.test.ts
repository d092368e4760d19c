import { describe, expect, it } from 'vitest';
import type { FeatureEncoding } from '../../ml/encoding.js';
import { Rng } from '../../ml/forest/rng.js';
import { quantileEdges } from '../../ml/monitor/bins.js';
import { sharesIn } from './compare.js';
import { jensenShannonDistance, populationStabilityIndex, PSI_EPSILON } from '../../ml/monitor/divergence.js';
import type { FeatureDrift } from '../../ml/monitor/drift.js';
import { compareToProfile } from './compare.js';
import { readFileSync } from 'node:fs';
import { BUILT_IN_FLEET_FILE, parseFleet } from '../../fleet/load.js';
import { buildProfile, featureProfileSchema, RISK_EDGES } from '../../ml/monitor/profile.js';
import { driftThresholdsFor, flaggedDrift } from '../../ml/monitor/thresholds.js';

// ---- independent reference, written without the code under test: plain loops, linear scans ----

/** Bin of x by scanning: the first edge at or above x, else the last bin. */
function referenceBin(edges: number[], x: number): number {
  for (let j = 0; j < edges.length; j++) if (x <= (edges[j] as number)) return j;
  return edges.length;
}

function referenceShares(edges: number[], values: number[]): number[] {
  const present = values.filter((x) => !Number.isNaN(x));
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const x of present) counts[referenceBin(edges, x)] = (counts[referenceBin(edges, x)] as number) + 1;
  return counts.map((c) => (present.length === 0 ? 0 : c / present.length));
}

/** Edge k by brute force: among the distinct values, the smallest with at least k/bins of all at or below it. */
function referenceEdges(values: number[], bins: number): number[] {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length <= bins) return distinct.slice(0, -1);
  const counts = new Map<number, number>();
  for (const x of values) counts.set(x, (counts.get(x) ?? 0) + 1);
  let running = 0;
  const atOrBelow = distinct.map((v) => (running += counts.get(v) ?? 0));
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = distinct[atOrBelow.findIndex((n) => n * bins >= k * values.length)] as number;
    if (!edges.includes(edge) && edge !== distinct[distinct.length - 1]) edges.push(edge);
  }
  return edges;
}

function referencePsi(e: number[], a: number[]): number {
  let sum = 0;
  e.forEach((ei, i) => {
    const x = Math.max(ei, PSI_EPSILON);
    const y = Math.max(a[i] as number, PSI_EPSILON);
    sum += (y - x) * Math.log(y / x);
  });
  return sum;
}

function referenceJs(p: number[], q: number[]): number {
  const kl = (x: number[], m: number[]): number => x.reduce((s, xi, i) => (xi === 0 ? s : s + xi * (Math.log(xi / (m[i] as number)) / Math.LN2)), 0);
  const m = p.map((pi, i) => (pi + (q[i] as number)) / 2);
  return Math.sqrt((kl(p, m) + kl(q, m)) / 2);
}

// ---- seeded data: a temperature, a count, a rare 0/1 flag, a categorical model ----

const ENCODING: FeatureEncoding = { numeric: ['temperature', 'errors', 'flag'], categorical: [{ column: 'model', categories: ['a', 'b'] }] };

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
}

interface Night {
  features: Float64Array[];
  risk: Float64Array;
}

/** Rows as encodedNames lays them out; options move one thing at a time. */
function generate(seed: number, rows: number, change: { shift?: number; silent?: boolean; unseen?: number; riskScale?: number } = {}): Night {
  const rng = new Rng(seed, 0);
  const columns = Array.from({ length: 5 }, () => new Float64Array(rows));
  const risk = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const [temperature, errors, flag, isA, isB] = columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    temperature[r] = change.silent ? NaN : 60 + 5 * normal(rng) + (change.shift ?? 0);
    errors[r] = rng.nextFloat() < 0.05 ? NaN : Math.floor(-Math.log(1 - rng.nextFloat()) * 2);
    flag[r] = rng.nextFloat() < 0.002 ? 1 : 0;
    const u = rng.nextFloat();
    const model = u < (change.unseen ?? 0) ? 'c' : u < 0.6 ? 'a' : 'b';
    isA[r] = model === 'a' ? 1 : 0;
    isB[r] = model === 'b' ? 1 : 0;
    risk[r] = Math.min(1, rng.nextFloat() ** 6 * 0.3 * (change.riskScale ?? 1));
  }
  return { features: columns, risk };
}

/** Row r at hour r: the generated rows spread over days as a fleet's would. */
const hourly = (rows: number): Float64Array => Float64Array.from({ length: rows }, (_, r) => r * 3_600_000);
const timed = (night: Night) => [{ values: night.features, ts: hourly(night.risk.length) }, { values: night.risk, ts: hourly(night.risk.length) }] as const;

const TRAINING = generate(1, 20_000);
const PROFILE = buildProfile(ENCODING, ...timed(TRAINING));
const byName = (entries: FeatureDrift[], feature: string): FeatureDrift => entries.find((e) => e.feature === feature) as FeatureDrift;
const flaggedNames = (entries: FeatureDrift[]): string[] => flaggedDrift(entries).map((f) => f.entry.feature);

describe('PSI and Jensen-Shannon on fixed shares', () => {
  it('give the hand-computed values', () => {
    // (0.25 - 0.5) ln(0.5) + (0.75 - 0.5) ln(1.5) = 0.25 ln 2 + 0.25 ln 1.5 = 0.25 ln 3
    expect(populationStabilityIndex([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.25 * Math.log(3), 12);
    // an empty bin is floored at 1e-4
    expect(populationStabilityIndex([1, 0], [0.9, 0.1])).toBeCloseTo(-0.1 * Math.log(0.9) + (0.1 - 1e-4) * Math.log(0.1 / 1e-4), 12);
    expect(populationStabilityIndex([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
    expect(jensenShannonDistance([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(1, 12);
    expect(jensenShannonDistance([0.5, 0.5, 0], [0, 0, 1])).toBeCloseTo(1, 12);
    // m = (0.75, 0.25): divergence = 1.5 - 0.75 log2 3 bits
    expect(jensenShannonDistance([0.5, 0.5], [1, 0])).toBeCloseTo(Math.sqrt(1.5 - 0.75 * Math.log2(3)), 12);
  });

  it('refuse distributions over different bins', () => {
    expect(() => populationStabilityIndex([1], [0.5, 0.5])).toThrow(/1 and 2 bins/);
  });
});

describe('binning', () => {
  it('puts a value on an edge in the bin below and counts missing values apart', () => {
    expect(sharesIn([1, 2], [0, 1, 1.5, 2, 3, NaN])).toEqual({ shares: [2 / 5, 2 / 5, 1 / 5], missing: 1, rows: 6 });
    expect(sharesIn([1, 2], [NaN, NaN])).toEqual({ shares: [0, 0, 0], missing: 2, rows: 2 });
  });

  it('cuts equal-count edges as the brute-force reference does', () => {
    const rng = new Rng(7, 0);
    const continuous = Array.from({ length: 997 }, () => normal(rng));
    const tied = Array.from({ length: 1000 }, () => Math.floor(-Math.log(1 - rng.nextFloat()) * 4));
    for (const values of [continuous, tied, [...continuous.slice(0, 50), ...new Array<number>(500).fill(3)]]) {
      for (const bins of [4, 10]) expect(quantileEdges(values, bins)).toEqual(referenceEdges(values, bins));
    }
    expect(quantileEdges(continuous)).toHaveLength(9);
  });

  it('gives few distinct values a bin each and a constant one the bins below, at and above it', () => {
    expect(quantileEdges([0, 0, 0, 0, 1])).toEqual([0]);
    expect(quantileEdges([5, 5, 5, NaN])).toEqual([5 - 2 ** -50, 5]);
    expect(quantileEdges([0, 0])).toEqual([-Number.MIN_VALUE, 0]);
    expect(quantileEdges([NaN, NaN])).toEqual([]);
  });
});

describe('the training profile', () => {
  it('holds each feature as the reference bins it', () => {
    const [temperature, errors, flag] = TRAINING.features as [Float64Array, Float64Array, Float64Array];
    const profiled = (feature: string) => PROFILE.numeric.find((p) => p.feature === feature);
    expect(profiled('temperature')?.shares).toHaveLength(10);
    expect(profiled('flag')?.edges).toEqual([0]);
    for (const [feature, column] of [['temperature', temperature], ['errors', errors], ['flag', flag]] as const) {
      const values = Array.from(column);
      const present = values.filter((x) => !Number.isNaN(x));
      expect(profiled(feature)?.edges).toEqual(referenceEdges(present, 10));
      const reference = referenceShares(profiled(feature)?.edges ?? [], values);
      profiled(feature)?.shares.forEach((s, i) => expect(s).toBeCloseTo(reference[i] as number, 12));
      expect(profiled(feature)?.missingShare).toBeCloseTo((values.length - present.length) / values.length, 12);
    }
    expect(PROFILE.risk.edges).toEqual(RISK_EDGES);
    const model = PROFILE.categorical[0];
    expect(model?.categories).toEqual(['a', 'b']);
    expect(model?.shares[2]).toBe(0);
  });

  it('round-trips through JSON and the schema', () => {
    const parsed = featureProfileSchema.parse(JSON.parse(JSON.stringify(PROFILE)));
    expect(parsed).toEqual(PROFILE);
    expect(JSON.stringify(PROFILE).length).toBeLessThan(4_000);
  });

  it('is refused when it does not hold together', () => {
    const broken = (edit: (p: typeof PROFILE) => void) => {
      const copy = structuredClone(PROFILE);
      edit(copy);
      return featureProfileSchema.safeParse(copy).success;
    };
    expect(broken(() => undefined)).toBe(true);
    expect(broken((p) => p.numeric[0]?.shares.push(0))).toBe(false);
    expect(broken((p) => p.numeric[0]?.edges.reverse())).toBe(false);
    expect(broken((p) => ((p.risk.shares[0] as number) += 0.1))).toBe(false);
    expect(broken((p) => p.categorical[0]?.categories.push('c'))).toBe(false);
  });
});

describe('drift from the profile', () => {
  it('is nothing on the training rows themselves', () => {
    const entries = compareToProfile(PROFILE, ENCODING, TRAINING.features, TRAINING.risk);
    expect(entries.map((e) => [e.feature, e.kind])).toEqual([['temperature', 'numeric'], ['errors', 'numeric'], ['flag', 'numeric'], ['model', 'categorical'], ['risk', 'risk']]);
    for (const e of entries) {
      expect(e.psi).toBe(0);
      expect(e.js).toBe(0);
      expect(e.missingShare).toBe(e.referenceMissingShare);
      expect(e.rows).toBe(20_000);
    }
    expect(flaggedDrift(entries)).toEqual([]);
  });

  it('matches the reference PSI and Jensen-Shannon distance on a shifted night', () => {
    const night = generate(2, 3_000, { shift: 2, unseen: 0.1 });
    const entries = compareToProfile(PROFILE, ENCODING, night.features, night.risk);
    ENCODING.numeric.forEach((feature, i) => {
      const profiled = PROFILE.numeric[i];
      const actual = referenceShares(profiled?.edges ?? [], Array.from(night.features[i] ?? []));
      expect(byName(entries, feature).psi).toBeCloseTo(referencePsi(profiled?.shares ?? [], actual), 12);
      expect(byName(entries, feature).js).toBeCloseTo(referenceJs(profiled?.shares ?? [], actual), 12);
    });
  });

  it('flags a shifted feature and leaves the others alone', () => {
    const calm = compareToProfile(PROFILE, ENCODING, generate(3, 2_000).features, generate(3, 2_000).risk);
    expect(flaggedNames(calm)).toEqual([]);
    const shifted = generate(3, 2_000, { shift: 3 });
    const entries = compareToProfile(PROFILE, ENCODING, shifted.features, shifted.risk);
    expect(flaggedDrift(entries)).toEqual([{ entry: byName(entries, 'temperature'), level: 'drifted', reasons: ['psi'] }]);
    expect(byName(entries, 'temperature').js).toBeGreaterThan(byName(calm, 'temperature').js ?? 1);
  });

  it('flags a sensor gone silent by its missing share', () => {
    const silent = generate(4, 2_000, { silent: true });
    const temperature = byName(compareToProfile(PROFILE, ENCODING, silent.features, silent.risk), 'temperature');
    expect(temperature).toMatchObject({ psi: null, js: null, missingShare: 1, referenceMissingShare: 0 });
    expect(flaggedDrift([temperature])).toEqual([{ entry: temperature, level: 'drifted', reasons: ['missing-share'] }]);
  });

  it('moves the rows of an unseen category to none of them', () => {
    const night = generate(5, 2_000, { unseen: 0.3 });
    const model = byName(compareToProfile(PROFILE, ENCODING, night.features, night.risk), 'model');
    expect(model.referenceMissingShare).toBe(0);
    expect(model.missingShare).toBeGreaterThan(0.25);
    expect(flaggedNames([model])).toEqual(['model']);
  });

  it('sees the risk drift between fixed bins', () => {
    const night = generate(6, 2_000, { riskScale: 3 });
    expect(flaggedNames(compareToProfile(PROFILE, ENCODING, night.features, night.risk))).toEqual(['risk']);
  });

  it('judges no PSI on too few rows, and has no entries for no rows', () => {
    const few = generate(7, 50, { shift: 3 });
    expect(flaggedNames(compareToProfile(PROFILE, ENCODING, few.features, few.risk))).toEqual([]);
    const none = generate(7, 0);
    expect(compareToProfile(PROFILE, ENCODING, none.features, none.risk)).toEqual([]);
  });

  it('copes with a feature missing or constant in training', () => {
    const encoding: FeatureEncoding = { numeric: ['dead', 'fixed'], categorical: [] };
    const training = [Float64Array.from([NaN, NaN, NaN, NaN]), Float64Array.from([2, 2, 2, 2])];
    const profile = buildProfile(encoding, { values: training, ts: hourly(4) }, { values: Float64Array.from([0, 0, 0, 0]), ts: hourly(4) });
    expect(featureProfileSchema.parse(JSON.parse(JSON.stringify(profile)))).toEqual(profile);
    const night = [Float64Array.from([1, 2, NaN, 4]), Float64Array.from([2, 2, 1, 3])];
    const [dead, fixed] = compareToProfile(profile, encoding, night, Float64Array.from([0, 0, 0, 0]));
    expect(dead).toMatchObject({ psi: null, js: null, missingShare: 0.25, referenceMissingShare: 1 });
    expect(fixed?.psi).toBeCloseTo(referencePsi([0, 1, 0], [0.25, 0.5, 0.25]), 12);
  });

  it('refuses a profile built for another encoding or columns of the wrong shape', () => {
    const other: FeatureEncoding = { ...ENCODING, categorical: [{ column: 'model', categories: ['a', 'c'] }] };
    expect(() => compareToProfile(PROFILE, other, TRAINING.features, TRAINING.risk)).toThrow(/not built for this encoding/);
    expect(() => compareToProfile(PROFILE, ENCODING, TRAINING.features.slice(1), TRAINING.risk)).toThrow(/expected 5/);
  });
});

describe("the definition's drift key", () => {
  const builtIn = readFileSync(BUILT_IN_FLEET_FILE, 'utf8');
  const withKey = (yaml: string) => parseFleet(`${builtIn}\n${yaml}\n`, 'test.yaml');

  it('is read checked, left out of the hash, and keeps the features it names from every level', () => {
    const fleet = withKey("drift: { ignore: ['temp*', 'flag'] }");
    expect(fleet.driftIgnored).toEqual(['temp*', 'flag']);
    expect(fleet.hash).toBe(parseFleet(builtIn, 'test.yaml').hash);
    const night = generate(3, 2_000, { shift: 10, silent: false });
    const entries = compareToProfile(PROFILE, ENCODING, night.features, night.risk);
    expect(flaggedNames(entries)).toContain('temperature');
    expect(flaggedDrift(entries, driftThresholdsFor(fleet)).map((f) => f.entry.feature)).not.toContain('temperature');
    expect(flaggedDrift(entries, driftThresholdsFor({ driftIgnored: ['temp'] })).map((f) => f.entry.feature)).toContain('temperature');
  });

  it('refuses a pattern with characters no feature name has, and keys it does not know', () => {
    expect(() => withKey("drift: { ignore: ['volt.*'] }")).toThrow(/drift\.ignore/);
    expect(() => withKey('drift: { threshold: 0.3 }')).toThrow(/drift/);
  });
});
