/**
 * The binning the monitoring profile and the nightly comparison share. Edges are ascending cut
 * points; bin j holds x with edges[j-1] < x <= edges[j], the first and last bins are open, so
 * there are edges.length + 1 bins and a value on an edge belongs to the bin below it. Counts
 * (tallies) rather than shares are what monitor_drift keeps, so that days add up to weeks exactly.
 */

export const DEFAULT_FEATURE_BINS = 10;

/** The bin of x: how many edges lie strictly below it. */
export function binOf(edges: readonly number[], x: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((edges[mid] as number) < x) low = mid + 1;
    else high = mid;
  }
  return low;
}

export const shareOf = (count: number, total: number): number => (total === 0 ? 0 : count / total);

/** Counts of one feature's rows over its reference bins. */
export interface Tally {
  /** Rows in each bin; for a categorical attribute, in each category and then in none of them. */
  counts: number[];
  /** Rows where a numeric value is missing, kept out of the bins; 0 for a categorical attribute. */
  missing: number;
  rows: number;
}

/** All rows 0..n-1, for a tally over a whole column. */
export const allRows = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/** The tally of the given rows of a numeric column over the edges (NaN is missing). */
export function binTally(edges: readonly number[], values: ArrayLike<number>, rows: ArrayLike<number>): Tally {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let missing = 0;
  for (let i = 0; i < rows.length; i++) {
    const x = values[rows[i] as number] as number;
    if (Number.isNaN(x)) missing++;
    else {
      const bin = binOf(edges, x);
      counts[bin] = (counts[bin] as number) + 1;
    }
  }
  return { counts, missing, rows: rows.length };
}

/** The tally of the given rows of one attribute's one-hot columns (1 where the row is in that category). */
export function categoryTally(oneHot: readonly Float64Array[], rows: ArrayLike<number>): Tally {
  const counts = new Array<number>(oneHot.length + 1).fill(0);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    const category = oneHot.findIndex((column) => column[r] === 1);
    const bin = category === -1 ? oneHot.length : category;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { counts, missing: 0, rows: rows.length };
}

export function addTallies(a: Tally, b: Tally): Tally {
  if (a.counts.length !== b.counts.length) throw new Error(`tallies over ${a.counts.length} and ${b.counts.length} bins cannot be added`);
  return { counts: a.counts.map((n, i) => n + (b.counts[i] as number)), missing: a.missing + b.missing, rows: a.rows + b.rows };
}

/** The share of the non-missing rows in each bin; all zero when there are none. */
export const tallyShares = (t: Tally): number[] => t.counts.map((n) => shareOf(n, t.rows - t.missing));

/**
 * Equal-count edges of a training column, from its finite values (infinities still fall in the
 * outer bins). With at most `bins` distinct values each value gets its own bin, so a 0/1 flag with
 * one row in a thousand set keeps its two bins; otherwise edge k is the smallest value with at
 * least k/bins of the values at or below it, equal edges merge and an edge at the maximum is
 * dropped (it would leave the top bin empty). A constant column v gets the bins below v, v, and
 * above v, so that any other value shows.
 */
export function quantileEdges(values: ArrayLike<number>, bins = DEFAULT_FEATURE_BINS): number[] {
  const sorted = Float64Array.from(Array.from(values).filter(Number.isFinite)).sort();
  const distinct = distinctSorted(sorted);
  const only = distinct[0];
  if (distinct.length === 1 && only !== undefined) return [nextDown(only), only].filter(Number.isFinite);
  if (distinct.length <= bins) return distinct.slice(0, -1);
  const n = sorted.length;
  const max = sorted[n - 1] as number;
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = sorted[Math.ceil((k * n) / bins) - 1] as number;
    if (edge !== edges[edges.length - 1] && edge !== max) edges.push(edge);
  }
  return edges;
}

function distinctSorted(sorted: Float64Array): number[] {
  const out: number[] = [];
  for (const x of sorted) if (x !== out[out.length - 1]) out.push(x);
  return out;
}

/** The largest double below a finite v. */
function nextDown(v: number): number {
  if (v === 0) return -Number.MIN_VALUE;
  const bits = new BigInt64Array(Float64Array.of(v).buffer);
  bits[0] = (bits[0] as bigint) + (v > 0 ? -1n : 1n);
  return new Float64Array(bits.buffer)[0] as number;
}
