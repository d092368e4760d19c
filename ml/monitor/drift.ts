import type { FeatureEncoding } from '../encoding.js';
import { shareOf, sharesIn } from './bins.js';
import { jensenShannonDistance, populationStabilityIndex } from './divergence.js';
import { categoryShares, splitEncoded, type BinnedProfile, type FeatureProfile } from './profile.js';

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
  rows: number;
}

type Kind = FeatureDrift['kind'];

const hasMass = (shares: readonly number[]): boolean => shares.some((s) => s > 0);

function driftOf(feature: string, kind: Kind, reference: readonly number[], actual: readonly number[], missing: { share: number; reference: number }, rows: number): FeatureDrift {
  const comparable = hasMass(reference) && hasMass(actual);
  return {
    feature,
    kind,
    psi: comparable ? populationStabilityIndex(reference, actual) : null,
    js: comparable ? jensenShannonDistance(reference, actual) : null,
    missingShare: missing.share,
    referenceMissingShare: missing.reference,
    rows,
  };
}

function binnedDrift(feature: string, kind: Kind, reference: BinnedProfile, values: Float64Array): FeatureDrift {
  const { shares, missing, rows } = sharesIn(reference.edges, values);
  return driftOf(feature, kind, reference.shares, shares, { share: shareOf(missing, rows), reference: reference.missingShare }, rows);
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

/**
 * The drift of the given scored rows (one period; features in encodedNames order, NaN missing)
 * from the profile: one entry per numeric feature, per categorical attribute, then one for the
 * risk. No rows, no entries: there is nothing to compare.
 */
export function compareToProfile(profile: FeatureProfile, encoding: FeatureEncoding, features: Float64Array[], risk: Float64Array): FeatureDrift[] {
  assertProfileFits(profile, encoding);
  const rows = risk.length;
  const { numeric, oneHot } = splitEncoded(encoding, features, rows);
  if (rows === 0) return [];
  const numericDrift = profile.numeric.map((p, i) => binnedDrift(p.feature, 'numeric', p, numeric[i] as Float64Array));
  const categoricalDrift = profile.categorical.map((p, i) => {
    const shares = categoryShares(oneHot[i] ?? [], rows);
    const none = { share: shares[shares.length - 1] as number, reference: p.shares[p.shares.length - 1] as number };
    return driftOf(p.column, 'categorical', p.shares, shares, none, rows);
  });
  return [...numericDrift, ...categoricalDrift, binnedDrift('risk', 'risk', profile.risk, risk)];
}
