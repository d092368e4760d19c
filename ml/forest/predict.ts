import type { Forest } from './model.js';

/**
 * Prediction layout derived from a Forest (not stored in files): per tree, nodes renumbered
 * breadth first so that the two children of a node are adjacent (right = left + 1), as three
 * shared arrays: threshold, x offset, left. A step is just `left + (x[offset] > threshold)`:
 * each row of a block is copied three times, NaN -> -Infinity (read by nodes sending missing
 * values left), NaN -> +Infinity (nodes sending them right), and a missing indicator (1/0; a
 * node "all values left, missing right" has threshold +Infinity: it reads the indicator against
 * 0.5 instead), then a 0 read by leaves. A leaf keeps its leaf row (>= 0) in the threshold slot
 * and its child is itself, so a walk can run a fixed number of branch-free steps (the tree
 * depth) and stay on the leaf. Buffers are shared so prediction workers read them without a copy.
 */
export interface PackedForest {
  featureCount: number;
  classCount: number;
  treeCount: number;
  threshold: Float64Array;
  /** Offset of the value a node reads in its row copy (see above). */
  meta: Int32Array;
  left: Int32Array;
  /** Packed index of each tree's root. */
  roots: Int32Array;
  /** Levels below the root of each tree's deepest leaf. */
  depths: Int32Array;
  leafValues: Float64Array;
}

const packedCache = new WeakMap<Forest, PackedForest>();

/** The prediction layout of a forest, built once per Forest object (forests are not mutated). */
export function packForest(forest: Forest): PackedForest {
  const cached = packedCache.get(forest);
  if (cached !== undefined) return cached;
  const F = forest.featureCount;
  const T = forest.treeCount;
  const N = forest.feature.length;
  const { feature, threshold, left, right, missingLeft, treeOffsets } = forest;
  const thr = new Float64Array(new SharedArrayBuffer(N * 8));
  const meta = new Int32Array(new SharedArrayBuffer(N * 4));
  const next = new Int32Array(new SharedArrayBuffer(N * 4));
  const roots = new Int32Array(new SharedArrayBuffer(T * 4));
  const depths = new Int32Array(new SharedArrayBuffer(T * 4));
  // Breadth-first renumbering: queue of original node ids; packed id = base + queue position.
  const queue = new Int32Array(N);
  const level = new Int32Array(N);
  for (let t = 0; t < T; t++) {
    const base = treeOffsets[t]!;
    let head = 0;
    let tail = 0;
    queue[tail] = base;
    level[tail++] = 0;
    let depth = 0;
    roots[t] = base;
    while (head < tail) {
      const k = head;
      const node = queue[head++]!;
      const p = base + k;
      const f = feature[node]!;
      if (f < 0) {
        thr[p] = left[node]!;
        meta[p] = 3 * F;
        next[p] = p;
        if (level[k]! > depth) depth = level[k]!;
      } else {
        const t = threshold[node]!;
        if (missingLeft[node] === 1) {
          thr[p] = t;
          meta[p] = f;
        } else if (t === Infinity) {
          thr[p] = 0.5;
          meta[p] = 2 * F + f;
        } else {
          thr[p] = t;
          meta[p] = F + f;
        }
        next[p] = base + tail;
        queue[tail] = left[node]!;
        level[tail++] = level[k]! + 1;
        queue[tail] = right[node]!;
        level[tail++] = level[k]! + 1;
      }
    }
    depths[t] = depth;
  }
  const leafValues = new Float64Array(new SharedArrayBuffer(forest.leafValues.byteLength));
  leafValues.set(forest.leafValues);
  const packed: PackedForest = { featureCount: F, classCount: forest.classCount, treeCount: T, threshold: thr, meta, left: next, roots, depths, leafValues };
  packedCache.set(forest, packed);
  return packed;
}

/** Rows scored together: their row-major copy (~(3F + 1) * 8 bytes each) stays in L2. */
export const BLOCK_ROWS = 256;

/** Values per row in a block: three copies of the row and a trailing 0 (see PackedForest). */
export const blockStride = (packed: PackedForest): number => 3 * packed.featureCount + 1;

/** Every row of a block, in order. */
const EVERY_ROW = Int32Array.from({ length: BLOCK_ROWS }, (_, i) => i);

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
  predictPackedRange(packForest(forest), features, from, to, out);
}

export function predictPackedRange(packed: PackedForest, features: Float64Array[], from: number, to: number, out: Float64Array): void {
  const C = packed.classCount;
  const T = packed.treeCount;
  const x = new Float64Array(BLOCK_ROWS * blockStride(packed));
  for (let b0 = from; b0 < to; b0 += BLOCK_ROWS) {
    const b1 = Math.min(to, b0 + BLOCK_ROWS);
    fillBlock(packed, features, b0, b1, x);
    for (let t = 0; t < T; t++) walkTree(packed, t, x, EVERY_ROW, b1 - b0, out, (b0 - from) * C);
  }
  const n = (to - from) * C;
  for (let i = 0; i < n; i++) out[i] = out[i]! / T;
}

/** Copies rows [b0, b1) (at most BLOCK_ROWS) of the column-major features into the block `x`. */
export function fillBlock(packed: PackedForest, features: Float64Array[], b0: number, b1: number, x: Float64Array): void {
  const F = packed.featureCount;
  const S = blockStride(packed);
  const rows = b1 - b0;
  for (let f = 0; f < F; f++) {
    const col = features[f]!;
    for (let r = 0; r < rows; r++) {
      const v = col[b0 + r]!;
      const o = r * S + f;
      const missing = v !== v;
      x[o] = missing ? -Infinity : v;
      x[o + F] = missing ? Infinity : v;
      x[o + 2 * F] = missing ? 1 : 0;
    }
  }
}

/**
 * Walks tree t for the block rows rowAt[0, count), adding each one's leaf distribution to
 * out[o + row * classCount ...].
 */
export function walkTree(packed: PackedForest, t: number, x: Float64Array, rowAt: Int32Array, count: number, out: Float64Array, o: number): void {
  const { threshold: thr, meta, left: next, leafValues, classCount: C } = packed;
  const S = blockStride(packed);
  const root = packed.roots[t]!;
  const depth = packed.depths[t]!;
  let i = 0;
  for (; i + 8 <= count; i += 8) walk8(thr, meta, next, leafValues, x, S, rowAt, i, root, depth, out, o, C);
  for (; i < count; i++) walk1(thr, meta, next, leafValues, x, rowAt[i]! * S, root, depth, out, o + rowAt[i]! * C, C);
}

/*
 * Walks are small functions of their own: they are optimized after a few calls (a large loop
 * nest waits for on-stack replacement, and the background compiler competes with the scoring
 * threads for the cores). Eight rows walk together: independent chains of branch-free steps (a
 * leaf loops on itself).
 */
function walk8(
  thr: Float64Array, meta: Int32Array, next: Int32Array, leafValues: Float64Array, x: Float64Array, S: number, rowAt: Int32Array, i: number,
  root: number, depth: number, out: Float64Array, o: number, C: number,
): void {
  const r0 = rowAt[i]!, r1 = rowAt[i + 1]!, r2 = rowAt[i + 2]!, r3 = rowAt[i + 3]!;
  const r4 = rowAt[i + 4]!, r5 = rowAt[i + 5]!, r6 = rowAt[i + 6]!, r7 = rowAt[i + 7]!;
  const x0 = r0 * S, x1 = r1 * S, x2 = r2 * S, x3 = r3 * S, x4 = r4 * S, x5 = r5 * S, x6 = r6 * S, x7 = r7 * S;
  let n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
  for (let d = 0; d < depth; d++) {
    const m0 = meta[n0]!, m1 = meta[n1]!, m2 = meta[n2]!, m3 = meta[n3]!;
    const m4 = meta[n4]!, m5 = meta[n5]!, m6 = meta[n6]!, m7 = meta[n7]!;
    const v0 = x[x0 + m0]!, v1 = x[x1 + m1]!, v2 = x[x2 + m2]!, v3 = x[x3 + m3]!;
    const v4 = x[x4 + m4]!, v5 = x[x5 + m5]!, v6 = x[x6 + m6]!, v7 = x[x7 + m7]!;
    n0 = next[n0]! + +(v0 > thr[n0]!);
    n1 = next[n1]! + +(v1 > thr[n1]!);
    n2 = next[n2]! + +(v2 > thr[n2]!);
    n3 = next[n3]! + +(v3 > thr[n3]!);
    n4 = next[n4]! + +(v4 > thr[n4]!);
    n5 = next[n5]! + +(v5 > thr[n5]!);
    n6 = next[n6]! + +(v6 > thr[n6]!);
    n7 = next[n7]! + +(v7 > thr[n7]!);
  }
  addLeaf(out, o + r0 * C, leafValues, thr[n0]! * C, C);
  addLeaf(out, o + r1 * C, leafValues, thr[n1]! * C, C);
  addLeaf(out, o + r2 * C, leafValues, thr[n2]! * C, C);
  addLeaf(out, o + r3 * C, leafValues, thr[n3]! * C, C);
  addLeaf(out, o + r4 * C, leafValues, thr[n4]! * C, C);
  addLeaf(out, o + r5 * C, leafValues, thr[n5]! * C, C);
  addLeaf(out, o + r6 * C, leafValues, thr[n6]! * C, C);
  addLeaf(out, o + r7 * C, leafValues, thr[n7]! * C, C);
}

function walk1(
  thr: Float64Array, meta: Int32Array, next: Int32Array, leafValues: Float64Array, x: Float64Array, xr: number,
  root: number, depth: number, out: Float64Array, o: number, C: number,
): void {
  let n = root;
  for (let d = 0; d < depth; d++) {
    const m = meta[n]!;
    const v = x[xr + m]!;
    n = next[n]! + +(v > thr[n]!);
  }
  addLeaf(out, o, leafValues, thr[n]! * C, C);
}

function addLeaf(out: Float64Array, o: number, leafValues: Float64Array, leaf: number, C: number): void {
  for (let c = 0; c < C; c++) out[o + c] = out[o + c]! + leafValues[leaf + c]!;
}
