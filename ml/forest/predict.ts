import type { Forest } from './model.js';

const BLOCK_ROWS = 256;

/** Checks that `features` is one Float64Array column per model feature, all of one length. */
export function checkColumns(forest: Forest, features: Float64Array[]): number {
  if (features.length !== forest.featureCount) {
    throw new Error(`predictProba: the model expects ${forest.featureCount} feature columns, got ${features.length}`);
  }
  const rows = features.length === 0 ? 0 : features[0]!.length;
  for (let f = 0; f < features.length; f++) {
    const col = features[f]!;
    if (!(col instanceof Float64Array)) throw new Error(`predictProba: feature column ${f} is not a Float64Array`);
    if (col.length !== rows) throw new Error(`predictProba: feature column ${f} has ${col.length} rows, column 0 has ${rows}`);
  }
  return rows;
}

/**
 * Class probabilities (mean of the trees' leaf distributions) for rows [from, to) of the
 * column-major `features`, written row-major to out[(r - from) * classCount ...].
 * Each row is computed independently and in tree order, so any split into ranges gives
 * bit-identical results.
 */
export function predictRange(forest: Forest, features: Float64Array[], from: number, to: number, out: Float64Array): void {
  const F = forest.featureCount;
  const C = forest.classCount;
  const T = forest.treeCount;
  const feature = forest.feature;
  const threshold = forest.threshold;
  const left = forest.left;
  const right = forest.right;
  const missingLeft = forest.missingLeft;
  const leafValues = forest.leafValues;
  const offsets = forest.treeOffsets;
  const x = new Float64Array(BLOCK_ROWS * F);
  for (let b0 = from; b0 < to; b0 += BLOCK_ROWS) {
    const b1 = Math.min(to, b0 + BLOCK_ROWS);
    const rows = b1 - b0;
    // Row-major copy of the block: one tree walk then touches one small contiguous row.
    for (let f = 0; f < F; f++) {
      const col = features[f]!;
      for (let r = 0; r < rows; r++) x[r * F + f] = col[b0 + r]!;
    }
    const outBase = (b0 - from) * C;
    for (let t = 0; t < T; t++) {
      const root = offsets[t]!;
      for (let r = 0; r < rows; r++) {
        const xr = r * F;
        let node = root;
        let f = feature[node]!;
        while (f >= 0) {
          const v = x[xr + f]!;
          node = v <= threshold[node]! || (v !== v && missingLeft[node] === 1) ? left[node]! : right[node]!;
          f = feature[node]!;
        }
        const leaf = left[node]! * C;
        const o = outBase + r * C;
        for (let c = 0; c < C; c++) out[o + c] = out[o + c]! + leafValues[leaf + c]!;
      }
    }
  }
  const n = (to - from) * C;
  for (let i = 0; i < n; i++) out[i] = out[i]! / T;
}
