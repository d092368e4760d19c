/** How good the risks are as scores and as probabilities, whatever threshold is chosen (docs/decisions.md#scores). */

/** Row indices by score, lowest first (ties: row order, so every result is reproducible). */
function byScore(scores: Float64Array): Int32Array {
  return Int32Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
}

const count = (flags: Uint8Array): number => flags.reduce((n, flag) => n + flag, 0);

/**
 * Area under the precision-recall curve as average precision: the sum over distinct thresholds,
 * highest first, of (recall gained) x (precision there), rows with equal scores taken together
 * (scikit-learn's definition). Null without positive rows: there is no recall to gain.
 */
export function averagePrecision(scores: Float64Array, positive: Uint8Array): number | null {
  const positives = count(positive);
  if (positives === 0) return null;
  const order = byScore(scores).reverse();
  let tp = 0;
  let tpBefore = 0;
  let sum = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    tp += positive[i] as number;
    const lastOfThreshold = k === order.length - 1 || scores[order[k + 1] as number] !== scores[i];
    if (!lastOfThreshold) continue;
    sum += ((tp - tpBefore) / positives) * (tp / (k + 1));
    tpBefore = tp;
  }
  return sum;
}

/** Mean squared difference between probability and outcome; null without rows. */
export function brierScore(prob: Float64Array, positive: Uint8Array): number | null {
  if (prob.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < prob.length; i++) sum += ((prob[i] as number) - (positive[i] as number)) ** 2;
  return sum / prob.length;
}

export interface CalibrationBin {
  meanRisk: number;
  observed: number;
  rows: number;
}

/**
 * Mean predicted risk against the observed rate, over `bins` bins of equal row counts of the
 * sorted probabilities. Equal counts rather than equal widths: where failures are rare nearly
 * every row has a risk near 0, so equal-width bins would put almost all rows in the first bin and
 * leave the others with a handful each. Fewer rows than bins give fewer (non-empty) bins.
 */
export function calibration(prob: Float64Array, positive: Uint8Array, bins = 10): CalibrationBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`calibration needs a whole number of bins, at least 1 (got ${bins})`);
  const order = byScore(prob);
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * order.length) / bins);
    const to = Math.floor(((b + 1) * order.length) / bins);
    if (to === from) continue;
    let risk = 0;
    let observed = 0;
    for (let k = from; k < to; k++) {
      risk += prob[order[k] as number] as number;
      observed += positive[order[k] as number] as number;
    }
    out.push({ meanRisk: risk / (to - from), observed: observed / (to - from), rows: to - from });
  }
  return out;
}
