import { Rng } from './rng.js';

/** Most value bins per feature; one more code (the bin count itself) marks a missing value. */
export const MAX_VALUE_BINS = 255;
/** Stride of the per-feature edge table: edges are padded with +Infinity up to this length. */
export const EDGE_STRIDE = 256;
/** Rows used to estimate the quantile edges of one feature. */
export const BIN_SAMPLE_ROWS = 200_000;

/**
 * Quantile bin edges of one feature from a (sub)sample of its non-missing values.
 * Bin j holds x with edges[j-1] < x <= edges[j]; the last bin is unbounded above.
 * Returns edges.length + 1 = number of value bins (1..255).
 */
export function quantileEdges(column: Float64Array, sampleRows: Uint32Array | null): Float64Array {
  const size = sampleRows === null ? column.length : sampleRows.length;
  const values = new Float64Array(size);
  let k = 0;
  if (sampleRows === null) {
    for (let i = 0; i < size; i++) {
      const x = column[i]!;
      if (x === x) values[k++] = x;
    }
  } else {
    for (let i = 0; i < size; i++) {
      const x = column[sampleRows[i]!]!;
      if (x === x) values[k++] = x;
    }
  }
  const sorted = values.subarray(0, k).sort();
  const edges: number[] = [];
  if (k === 0) return new Float64Array(0);
  // Count distinct values first: few distinct values get one bin each.
  let distinct = 1;
  for (let i = 1; i < k; i++) if (sorted[i]! !== sorted[i - 1]!) distinct++;
  const maxEdges = MAX_VALUE_BINS - 1;
  if (distinct <= MAX_VALUE_BINS) {
    for (let i = 1; i < k; i++) {
      const a = sorted[i - 1]!, b = sorted[i]!;
      if (a !== b) edges.push(edgeBetween(a, b));
    }
  } else {
    const perBin = k / MAX_VALUE_BINS;
    let target = perBin;
    for (let i = 0; i + 1 < k && edges.length < maxEdges; i++) {
      const a = sorted[i]!, b = sorted[i + 1]!;
      if (a === b || i + 1 < target) continue;
      edges.push(edgeBetween(a, b));
      // A heavy tie may jump several targets; the next bin starts from here.
      target = Math.max(target + perBin, i + 1 + perBin * 0.5);
    }
  }
  return Float64Array.from(edges);
}

/** A cut strictly below b and at or above a (a < b), robust to infinities and adjacent doubles. */
function edgeBetween(a: number, b: number): number {
  const e = a / 2 + b / 2;
  if (!(e >= a) || !(e < b)) return a;
  return e;
}

/** Rows sampled (with replacement, deterministic) to estimate edges; null = use all rows. */
export function binSampleRows(rows: number, seed: number): Uint32Array | null {
  if (rows <= BIN_SAMPLE_ROWS) return null;
  const rng = new Rng(seed, 0x7fffffff);
  const out = new Uint32Array(BIN_SAMPLE_ROWS);
  for (let i = 0; i < out.length; i++) out[i] = rng.nextInt(rows);
  return out;
}

/**
 * Bins one column into `out` (length = rows): value bins 0..edges.length, missing -> edges.length + 1.
 * `padded` is a scratch of EDGE_STRIDE doubles.
 */
export function binColumn(column: Float64Array, edges: Float64Array, out: Uint8Array, padded: Float64Array): void {
  const missing = edges.length + 1;
  padded.fill(Infinity);
  padded.set(edges);
  const n = column.length;
  for (let i = 0; i < n; i++) {
    const x = column[i]!;
    if (x !== x) {
      out[i] = missing;
      continue;
    }
    // Branch-free lower bound over 256 padded edges: first j with x <= edges[j].
    let lo = 0;
    lo += padded[lo + 127]! < x ? 128 : 0;
    lo += padded[lo + 63]! < x ? 64 : 0;
    lo += padded[lo + 31]! < x ? 32 : 0;
    lo += padded[lo + 15]! < x ? 16 : 0;
    lo += padded[lo + 7]! < x ? 8 : 0;
    lo += padded[lo + 3]! < x ? 4 : 0;
    lo += padded[lo + 1]! < x ? 2 : 0;
    lo += padded[lo]! < x ? 1 : 0;
    out[i] = lo;
  }
}
