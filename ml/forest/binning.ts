import { Rng } from './rng.js';

/** Most value bins per feature; one more code (the bin count itself) marks a missing value. */
export const MAX_VALUE_BINS = 255;
/** Stride of the per-feature edge table: edges are padded with +Infinity up to this length. */
export const EDGE_STRIDE = 256;
/** Rows used to estimate the quantile edges of one feature. */
export const BIN_SAMPLE_ROWS = 65_536;

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
  const p = padded;
  // Branch-free lower bound over 256 padded edges (first j with x <= edges[j]), four values at a
  // time so that the four dependent load chains overlap. NaN compares false everywhere.
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x0 = column[i]!, x1 = column[i + 1]!, x2 = column[i + 2]!, x3 = column[i + 3]!;
    let a = 0, b = 0, c = 0, d = 0;
    a += +(p[a + 127]! < x0) << 7; b += +(p[b + 127]! < x1) << 7; c += +(p[c + 127]! < x2) << 7; d += +(p[d + 127]! < x3) << 7;
    a += +(p[a + 63]! < x0) << 6; b += +(p[b + 63]! < x1) << 6; c += +(p[c + 63]! < x2) << 6; d += +(p[d + 63]! < x3) << 6;
    a += +(p[a + 31]! < x0) << 5; b += +(p[b + 31]! < x1) << 5; c += +(p[c + 31]! < x2) << 5; d += +(p[d + 31]! < x3) << 5;
    a += +(p[a + 15]! < x0) << 4; b += +(p[b + 15]! < x1) << 4; c += +(p[c + 15]! < x2) << 4; d += +(p[d + 15]! < x3) << 4;
    a += +(p[a + 7]! < x0) << 3; b += +(p[b + 7]! < x1) << 3; c += +(p[c + 7]! < x2) << 3; d += +(p[d + 7]! < x3) << 3;
    a += +(p[a + 3]! < x0) << 2; b += +(p[b + 3]! < x1) << 2; c += +(p[c + 3]! < x2) << 2; d += +(p[d + 3]! < x3) << 2;
    a += +(p[a + 1]! < x0) << 1; b += +(p[b + 1]! < x1) << 1; c += +(p[c + 1]! < x2) << 1; d += +(p[d + 1]! < x3) << 1;
    a += +(p[a]! < x0); b += +(p[b]! < x1); c += +(p[c]! < x2); d += +(p[d]! < x3);
    out[i] = x0 === x0 ? a : missing;
    out[i + 1] = x1 === x1 ? b : missing;
    out[i + 2] = x2 === x2 ? c : missing;
    out[i + 3] = x3 === x3 ? d : missing;
  }
  for (; i < n; i++) {
    const x = column[i]!;
    let a = 0;
    for (let step = 128; step > 0; step >>= 1) a += +(p[a + step - 1]! < x) * step;
    out[i] = x === x ? a : missing;
  }
}

/** Edges and bin codes of feature f, written into the shared tables (used by the main thread and workers). */
export function binFeature(
  f: number, column: Float64Array, sample: Uint32Array | null,
  binned: Uint8Array, valueBins: Int32Array, edges: Float64Array, padded: Float64Array,
): void {
  const rows = column.length;
  const e = quantileEdges(column, sample);
  valueBins[f] = e.length + 1;
  edges.set(e, f * EDGE_STRIDE);
  binColumn(column, e, binned.subarray(f * rows, (f + 1) * rows), padded);
}

/** Row-major copy of the column-major codes (rows x features), transposed in cache-sized tiles. */
export function transposeCodes(binned: Uint8Array, rows: number, features: number, out: Uint8Array): void {
  const TILE = 4096;
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let f = 0; f < features; f++) {
      const col = f * rows;
      for (let r = r0; r < r1; r++) out[r * features + f] = binned[col + r]!;
    }
  }
}
