/**
 * Risk histograms that add up across days and nights, and the PR-AUC they give
 * (docs/monitoring.md#realised-performance). A period's average precision needs every risk of the
 * period; stored per day, the risks would be the results table again. Counts over fixed bins sum
 * instead, and the average precision of the summed counts treats the rows of one bin as one
 * threshold, as `averagePrecision` treats equal risks.
 */

/** Bins per factor of ten of the risk: neighbouring edges differ by 2.3%. */
const PER_DECADE = 100;
/** Risks below 10^-6 share the first bin: no alert threshold lies there. */
const DECADES = 6;

export const RISK_BIN_COUNT = PER_DECADE * DECADES + 1;

/**
 * Bin 0 holds risks below 1e-6 (0 among them); bin k >= 1 holds [10^((k-1)/100 - 6), 10^(k/100 - 6)),
 * the last bin up to 1. Bins cut by the logarithm, because where failures are rare most risks lie
 * far below 1% and equal widths would put them all in one bin.
 */
export function riskBin(risk: number): number {
  if (!(risk >= 10 ** -DECADES)) return 0;
  return Math.min(RISK_BIN_COUNT - 1, 1 + Math.floor(PER_DECADE * (Math.log10(risk) + DECADES)));
}

export const emptyBins = (): number[] => new Array<number>(RISK_BIN_COUNT).fill(0);

/** Adds `from` into `into`, bin by bin. */
export function addBins(into: number[], from: readonly number[]): void {
  for (let b = 0; b < into.length; b++) into[b] = (into[b] as number) + (from[b] ?? 0);
}

/**
 * Average precision of binned risks: over the bins from the highest, the recall gained at each
 * times the precision there, every row of a bin taken as one threshold. Null without positive rows.
 */
export function binnedAveragePrecision(positive: readonly number[], negative: readonly number[]): number | null {
  const positives = positive.reduce((n, c) => n + c, 0);
  if (positives === 0) return null;
  let tp = 0;
  let alerted = 0;
  let sum = 0;
  for (let b = positive.length - 1; b >= 0; b--) {
    const gained = positive[b] as number;
    tp += gained;
    alerted += gained + (negative[b] as number);
    if (gained > 0) sum += gained * (tp / alerted);
  }
  return sum / positives;
}
