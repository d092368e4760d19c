/**
 * How far apart two distributions over the same bins are. Both take shares (each list sums to 1,
 * or is all zero when there was nothing to bin).
 */

/**
 * The floor of a share in the PSI: one row in ten thousand. An empty bin would make the PSI
 * infinite; with the floor a bin empty on one side and holding 10% on the other adds
 * 0.1 ln(1000) = 0.69, plainly drifted but finite, while the small real bins of a rare-failure
 * risk (0.1% of the rows) stay above the floor.
 */
export const PSI_EPSILON = 1e-4;

function sameLength(expected: readonly number[], actual: readonly number[]): void {
  if (expected.length !== actual.length) throw new Error(`distributions over ${expected.length} and ${actual.length} bins cannot be compared`);
}

/** Population stability index: the sum over bins of (a - e) ln(a / e), each share floored at epsilon. */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[], epsilon = PSI_EPSILON): number {
  sameLength(expected, actual);
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i] as number, epsilon);
    const a = Math.max(actual[i] as number, epsilon);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/** p log2(p / m), 0 where p is 0. */
const term = (p: number, m: number): number => (p > 0 ? p * Math.log2(p / m) : 0);

/**
 * Jensen-Shannon distance: the square root of the Jensen-Shannon divergence in bits, so 0 for
 * equal distributions and 1 for distributions with no bin in common. Needs no floor: the mixture
 * is positive wherever either share is.
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[]): number {
  sameLength(p, q);
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    const m = (pi + qi) / 2;
    divergence += (term(pi, m) + term(qi, m)) / 2;
  }
  // rounding can leave the sum a hair outside [0, 1]
  return Math.sqrt(Math.min(1, Math.max(0, divergence)));
}
