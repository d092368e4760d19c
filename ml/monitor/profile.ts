import { z } from 'zod';
import { encodedNames, type FeatureEncoding } from '../encoding.js';
import { allRows, binTally, categoryTally, quantileEdges, shareOf, sharesIn, tallyShares, type Tally } from './bins.js';

/**
 * What a model's training features looked like, kept in model.json so that the rows scored later
 * can be compared with it (ml/monitor/drift.ts, docs/monitoring.md).
 */

/**
 * Fixed risk edges for fleets where failures are rare: most rows sit far below 1%, so the low end
 * is cut finely and the top, where few rows but the alerts are, coarsely. The edges are fixed
 * rather than quantiles of the training risk because a drifting risk moves mass between bins, and
 * bins that follow the mass would hide that.
 */
export const RISK_EDGES: readonly number[] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7];

const SHARE_SUM_TOLERANCE = 1e-9;

const share = z.number().min(0).max(1);
const sharesSum = (shares: number[]): number => shares.reduce((a, b) => a + b, 0);
/** Shares of a whole sum to 1; all zero means there was nothing to share out. */
const shareList = z.array(share).min(1).refine((s) => s.every((x) => x === 0) || Math.abs(sharesSum(s) - 1) <= SHARE_SUM_TOLERANCE, 'shares must sum to 1');
const ascending = (edges: number[]): boolean => edges.every((e, i) => i === 0 || (edges[i - 1] as number) < e);

const binnedSchema = z
  .object({ edges: z.array(z.number()).refine(ascending, 'edges must be strictly ascending'), shares: shareList, missingShare: share })
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
  numeric: z.array(z.object({ shares: shareList, missingShare: share })),
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

export type GroupProfile = z.infer<typeof groupProfileSchema>;

/** Reference shares of a tally's bins and the reference share of missing rows. */
export interface Reference {
  shares: readonly number[];
  missingShare: number;
}

const referenceOfTally = (t: Tally): Reference => ({ shares: tallyShares(t), missingShare: shareOf(t.missing, t.rows) });

/** The profile of one numeric column over the given edges. */
export function binnedProfile(edges: number[], values: ArrayLike<number>): BinnedProfile {
  const { shares, missing, rows } = sharesIn(edges, values);
  return { edges, shares, missingShare: shareOf(missing, rows) };
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

/**
 * The profile of training features (encodedNames order, NaN missing) and of a risk: the risks of
 * rows the forest did not fit, which may be other rows than the features' (train keeps the
 * held-out part's), since the risks of the rows a forest fitted are flattered.
 */
export function buildProfile(encoding: FeatureEncoding, features: Float64Array[], risk: Float64Array): FeatureProfile {
  const rows = features[0]?.length ?? 0;
  const { numeric, oneHot } = splitEncoded(encoding, features, rows);
  const numericProfiles = encoding.numeric.map((feature, i) => {
    const column = numeric[i] as Float64Array;
    return { feature, ...binnedProfile(quantileEdges(column), column) };
  });
  const groups = encoding.categorical.flatMap((c, a) =>
    c.categories.map((category, k) => {
      const members = rowsIn(oneHot[a]?.[k] ?? new Float64Array(rows), allRows(rows));
      const shares = numericProfiles.map((p, i) => referenceOfTally(binTally(p.edges, numeric[i] as Float64Array, members)));
      return { column: c.column, category, rows: members.length, numeric: shares.map((r) => ({ shares: [...r.shares], missingShare: r.missingShare })) };
    }),
  );
  return {
    rows,
    numeric: numericProfiles,
    categorical: encoding.categorical.map((c, i) => ({ column: c.column, categories: [...c.categories], shares: categoryShares(oneHot[i] ?? [], rows) })),
    risk: binnedProfile([...RISK_EDGES], risk),
    groups,
  };
}
