import type { FeatureEncoding } from '../encoding.js';
import { binTally, categoryTally, shareOf, tallyShares, type Tally } from './bins.js';
import { jensenShannonDistance, populationStabilityIndex } from './divergence.js';
import { rowsIn, splitEncoded, type FeatureProfile, type Reference } from './profile.js';

/**
 * How the scored rows of one period differ from the training profile, for one numeric feature,
 * one categorical attribute or the risk. For a categorical attribute the missing share is the
 * share of rows in none of the training categories (unseen or missing), since the one-hot
 * encoding cannot tell the two apart.
 */
export interface FeatureDrift {
  feature: string;
  kind: 'numeric' | 'categorical' | 'risk';
  /** Null when either side has no non-missing value to compare. */
  psi: number | null;
  js: number | null;
  missingShare: number;
  referenceMissingShare: number;
  /** The PSI the training rows showed by chance (ml/monitor/chance.ts): levels judge the PSI beyond it; null, not judged. */
  chancePsi: number | null;
  rows: number;
}

export type DriftKind = FeatureDrift['kind'];

/** The rows of one category of one categorical attribute; null is the whole fleet. */
type DriftGroup = { column: string; category: string } | null;

/** One feature's counts in one group, before they are compared. */
export interface TallyEntry {
  group: DriftGroup;
  feature: string;
  kind: DriftKind;
  tally: Tally;
}

const hasMass = (shares: readonly number[]): boolean => shares.some((s) => s > 0);

/** The drift of a tally from its reference shares. */
function driftOfTally(entry: TallyEntry, reference: Reference): FeatureDrift {
  const { feature, kind, tally } = entry;
  const shares = tallyShares(tally);
  const missingShare = kind === 'categorical' ? (shares[shares.length - 1] as number) : shareOf(tally.missing, tally.rows);
  const comparable = hasMass(reference.shares) && hasMass(shares);
  return {
    feature,
    kind,
    psi: comparable ? populationStabilityIndex(reference.shares, shares) : null,
    js: comparable ? jensenShannonDistance(reference.shares, shares) : null,
    missingShare,
    referenceMissingShare: reference.missingShare,
    chancePsi: reference.chancePsi,
    rows: tally.rows,
  };
}

function assertProfileFits(profile: FeatureProfile, encoding: FeatureEncoding): void {
  const numericFits = profile.numeric.length === encoding.numeric.length && profile.numeric.every((p, i) => p.feature === encoding.numeric[i]);
  const categoricalFits =
    profile.categorical.length === encoding.categorical.length &&
    profile.categorical.every((p, i) => {
      const c = encoding.categorical[i];
      return c !== undefined && p.column === c.column && p.categories.length === c.categories.length && p.categories.every((x, j) => x === c.categories[j]);
    });
  if (!numericFits || !categoricalFits) throw new Error('the feature profile was not built for this encoding');
}

/** Scored rows split as the profile reads them: numeric columns, each attribute's one-hot columns, the risk. */
interface ScoredColumns {
  numeric: Float64Array[];
  oneHot: Float64Array[][];
  risk: Float64Array;
}

/** Checks the columns against the profile's encoding and splits them. */
export function scoredColumns(profile: FeatureProfile, encoding: FeatureEncoding, features: Float64Array[], risk: Float64Array): ScoredColumns {
  assertProfileFits(profile, encoding);
  return { ...splitEncoded(encoding, features, risk.length), risk };
}

/** The whole fleet's tallies of the given rows: every numeric feature, every categorical attribute, the risk. */
export function fleetTallies(profile: FeatureProfile, columns: ScoredColumns, rows: ArrayLike<number>): TallyEntry[] {
  return [
    ...profile.numeric.map((p, i): TallyEntry => ({ group: null, feature: p.feature, kind: 'numeric', tally: binTally(p.edges, columns.numeric[i] as Float64Array, rows) })),
    ...profile.categorical.map((p, i): TallyEntry => ({ group: null, feature: p.column, kind: 'categorical', tally: categoryTally(columns.oneHot[i] ?? [], rows) })),
    { group: null, feature: 'risk', kind: 'risk', tally: binTally(profile.risk.edges, columns.risk, rows) },
  ];
}

/**
 * Each training category's tallies of its numeric features among the given rows. A category
 * with no rows among them gives none: there is nothing of it to compare.
 */
export function groupTallies(profile: FeatureProfile, columns: ScoredColumns, rows: ArrayLike<number>): TallyEntry[] {
  return profile.groups.flatMap((g) => {
    const attribute = profile.categorical.findIndex((c) => c.column === g.column);
    const category = profile.categorical[attribute]?.categories.indexOf(g.category) ?? -1;
    const oneHot = columns.oneHot[attribute]?.[category];
    const members = oneHot ? rowsIn(oneHot, rows) : new Int32Array(0);
    if (members.length === 0) return [];
    const group = { column: g.column, category: g.category };
    return profile.numeric.map((p, i): TallyEntry => ({ group, feature: p.feature, kind: 'numeric', tally: binTally(p.edges, columns.numeric[i] as Float64Array, members) }));
  });
}

/** The training shares a tally is compared with; undefined for a feature or group the profile does not have. */
function referenceFor(profile: FeatureProfile, entry: Pick<TallyEntry, 'group' | 'feature' | 'kind'>): Reference | undefined {
  if (entry.kind === 'risk') return profile.risk;
  if (entry.kind === 'categorical') {
    const c = profile.categorical.find((p) => p.column === entry.feature);
    // an asset's category does not change from row to row, so its shares move only as assets come and go
    return c && { shares: c.shares, missingShare: c.shares[c.shares.length - 1] as number, chancePsi: 0 };
  }
  const i = profile.numeric.findIndex((p) => p.feature === entry.feature);
  if (entry.group === null) return profile.numeric[i];
  const { column, category } = entry.group;
  return profile.groups.find((g) => g.column === column && g.category === category)?.numeric[i];
}

/** The drift of each tally from its reference; tallies without one are left out. */
export function driftOfTallies(profile: FeatureProfile, entries: readonly TallyEntry[]): (TallyEntry & { drift: FeatureDrift })[] {
  return entries.flatMap((entry) => {
    const reference = referenceFor(profile, entry);
    return reference ? [{ ...entry, drift: driftOfTally(entry, reference) }] : [];
  });
}
