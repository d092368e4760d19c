import { z } from 'zod';
import { encodedNames, type FeatureEncoding } from '../encoding.js';
import { allRows, binTally, categoryTally, quantileEdges, shareOf, tallyShares } from './bins.js';
import { chancePsi, trainingPeriods } from './chance.js';
import { DEFAULT_DRIFT_THRESHOLDS } from './thresholds.js';

/**
 * What a model's training features looked like, kept in model.json so that the rows scored later
 * can be compared with it (ml/monitor/drift.ts, docs/monitoring.md).
 */

/**
 * Fixed risk edges. Below 1% is one bin: there a forest's risk is a few leaves' worth of chance,
 * and the forest that scores (fitted again on the whole range) spreads it differently from the
 * forest whose held-out risks the profile keeps, though neither would alert on it. Above, the
 * bins follow where alerts are decided. The edges are fixed rather than quantiles of the training
 * risk because a drifting risk moves mass between bins, and bins that follow the mass would hide that.
 */
export const RISK_EDGES: readonly number[] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7];

const SHARE_SUM_TOLERANCE = 1e-9;

const share = z.number().min(0).max(1);
const sharesSum = (shares: number[]): number => shares.reduce((a, b) => a + b, 0);
/** Shares of a whole sum to 1; all zero means there was nothing to share out. */
const shareList = z.array(share).min(1).refine((s) => s.every((x) => x === 0) || Math.abs(sharesSum(s) - 1) <= SHARE_SUM_TOLERANCE, 'shares must sum to 1');
const ascending = (edges: number[]): boolean => edges.every((e, i) => i === 0 || (edges[i - 1] as number) < e);

/**
 * Null when the training rows were too few to measure it: then the PSI is not judged. Absent in
 * profiles written before it was learnt: their PSI is judged as it stands.
 */
const chance = z.number().nonnegative().nullable().default(0);

const binnedSchema = z
  .object({ edges: z.array(z.number()).refine(ascending, 'edges must be strictly ascending'), shares: shareList, missingShare: share, chancePsi: chance })
  .refine((b) => b.shares.length === b.edges.length + 1, 'one share per bin: one more share than edges');

const categoricalProfileSchema = z
  .object({
    column: z.string(),
    categories: z.array(z.string()),
    /** The share of the rows in each category, then of the rows in none of them (unseen or missing). */
    shares: shareList,
  })
  .refine((c) => c.shares.length === c.categories.length + 1, 'one share per category and one for none of them');

/**
 * The numeric features of the rows in one category of one attribute, binned over the fleet's
 * edges: a machine model's own training distribution, so that a group that always differed from
 * the fleet is not taken for drift.
 */
const groupProfileSchema = z.object({
  column: z.string(),
  category: z.string(),
  rows: z.number().int().nonnegative(),
  numeric: z.array(z.object({ shares: shareList, missingShare: share, chancePsi: chance })),
});

export const featureProfileSchema = z.object({
  rows: z.number().int().nonnegative(),
  numeric: z.array(binnedSchema.and(z.object({ feature: z.string() }))),
  categorical: z.array(categoricalProfileSchema),
  risk: binnedSchema,
  /** Absent in profiles written before groups were kept: those compare the whole fleet only. */
  groups: z.array(groupProfileSchema).default([]),
});

export type FeatureProfile = z.infer<typeof featureProfileSchema>;
export type BinnedProfile = z.infer<typeof binnedSchema>;


/**
 * Reference shares of a tally's bins, the reference share of missing rows, and the PSI the
 * training rows showed by chance (ml/monitor/chance.ts).
 */
export interface Reference {
  shares: readonly number[];
  missingShare: number;
  chancePsi: number | null;
}

/** The reference of some rows of one column over the given edges; `periods` are those rows cut into training periods. */
function referenceOf(edges: readonly number[], values: ArrayLike<number>, rows: ArrayLike<number>, periods: readonly Int32Array[]): Reference {
  const tally = binTally(edges, values, rows);
  const shares = tallyShares(tally);
  return { shares, missingShare: shareOf(tally.missing, tally.rows), chancePsi: chancePsi(edges, values, periods) };
}

/** Some rows, at times `ts` (epoch ms), cut into the periods chance is measured over: once per set of rows, for all its columns. */
const periodsOf = (ts: Float64Array, rows: ArrayLike<number>): Int32Array[] => trainingPeriods(ts, rows, DEFAULT_DRIFT_THRESHOLDS.minRows);

/** The profile of one numeric column over the given edges, over all its rows. */
function binnedProfile(edges: number[], values: ArrayLike<number>, periods: readonly Int32Array[]): BinnedProfile {
  const { shares, missingShare, chancePsi: psi } = referenceOf(edges, values, allRows(values.length), periods);
  return { edges, shares: [...shares], missingShare, chancePsi: psi };
}

/** The share of each category, then of none of them, over one attribute's one-hot columns. */
export const categoryShares = (oneHot: Float64Array[], rows: number): number[] => {
  const t = categoryTally(oneHot, allRows(rows));
  return t.counts.map((n) => shareOf(n, t.rows));
};

/** The rows (indices) whose one-hot column is set. */
export const rowsIn = (oneHot: Float64Array, rows: ArrayLike<number>): Int32Array => Int32Array.from(Array.from(rows).filter((r) => oneHot[r] === 1));

/**
 * The encoded feature columns of an encoding, split into its numeric columns and each
 * attribute's one-hot columns; throws when they do not have the encoding's shape.
 */
export function splitEncoded(encoding: FeatureEncoding, features: Float64Array[], rows: number): { numeric: Float64Array[]; oneHot: Float64Array[][] } {
  const names = encodedNames(encoding);
  if (features.length !== names.length) throw new Error(`expected ${names.length} encoded feature columns, got ${features.length}`);
  const short = features.findIndex((column) => column.length !== rows);
  if (short !== -1) throw new Error(`feature ${names[short]} has ${features[short]?.length} rows, expected ${rows}`);
  let next = encoding.numeric.length;
  const oneHot = encoding.categorical.map((c) => {
    const columns = features.slice(next, next + c.categories.length);
    next += c.categories.length;
    return columns;
  });
  return { numeric: features.slice(0, encoding.numeric.length), oneHot };
}

/** Rows of training columns and the time of each row (epoch ms). */
export interface TimedColumns<T> {
  values: T;
  ts: Float64Array;
}

/**
 * The profile of training features (encodedNames order, NaN missing) and of a risk: the risks of
 * rows the forest did not fit, which may be other rows than the features' (train keeps the
 * held-out part's), since the risks of the rows a forest fitted are flattered.
 */
export function buildProfile(encoding: FeatureEncoding, training: TimedColumns<Float64Array[]>, risk: TimedColumns<Float64Array>): FeatureProfile {
  const features = training.values;
  const rows = training.ts.length;
  const { numeric, oneHot } = splitEncoded(encoding, features, rows);
  const fleetPeriods = periodsOf(training.ts, allRows(rows));
  const numericProfiles = encoding.numeric.map((feature, i) => {
    const column = numeric[i] as Float64Array;
    return { feature, ...binnedProfile(quantileEdges(column), column, fleetPeriods) };
  });
  const groups = encoding.categorical.flatMap((c, a) =>
    c.categories.map((category, k) => {
      const members = rowsIn(oneHot[a]?.[k] ?? new Float64Array(rows), allRows(rows));
      const groupPeriods = periodsOf(training.ts, members);
      const references = numericProfiles.map((p, i) => referenceOf(p.edges, numeric[i] as Float64Array, members, groupPeriods));
      return { column: c.column, category, rows: members.length, numeric: references.map((r) => ({ shares: [...r.shares], missingShare: r.missingShare, chancePsi: r.chancePsi })) };
    }),
  );
  return {
    rows,
    numeric: numericProfiles,
    categorical: encoding.categorical.map((c, i) => ({ column: c.column, categories: [...c.categories], shares: categoryShares(oneHot[i] ?? [], rows) })),
    risk: binnedProfile([...RISK_EDGES], risk.values, periodsOf(risk.ts, allRows(risk.values.length))),
    groups,
  };
}
