import type { FeatureEncoding } from '../../ml/encoding.js';
import { allRows, binTally, tallyShares } from '../../ml/monitor/bins.js';
import { driftOfTallies, fleetTallies, scoredColumns, type FeatureDrift } from '../../ml/monitor/drift.js';
import type { FeatureProfile } from '../../ml/monitor/profile.js';

/**
 * The drift measures on arrays, for tests: the production path (tallies of the scored rows
 * against the profile) over all the given rows at once.
 */

/** The share of the non-missing values in each bin, with the missing and all rows counted. */
export function sharesIn(edges: readonly number[], values: ArrayLike<number>): { shares: number[]; missing: number; rows: number } {
  const tally = binTally(edges, values, allRows(values.length));
  return { shares: tallyShares(tally), missing: tally.missing, rows: tally.rows };
}

/**
 * The drift of scored rows (features in encodedNames order, NaN missing) from the profile: one
 * entry per numeric feature, per categorical attribute, then one for the risk; none without rows.
 */
export function compareToProfile(profile: FeatureProfile, encoding: FeatureEncoding, features: Float64Array[], risk: Float64Array): FeatureDrift[] {
  const columns = scoredColumns(profile, encoding, features, risk);
  if (risk.length === 0) return [];
  return driftOfTallies(profile, fleetTallies(profile, columns, allRows(risk.length))).map((e) => e.drift);
}
