import { BLOCK_ROWS, blockStride, fillBlock, walkTree, type PackedForest } from './predict.js';

/**
 * Out-of-bag class probabilities of rows [from, to) of the training features, written row-major
 * to out[(r - from) * classCount ...] (zeroed): per row, the mean over the trees whose bootstrap
 * did not draw it (`inBag`, see inBagBits), summed in tree order, so any split into ranges gives
 * the same bits. A row every tree drew has NaN for every class.
 */
export function oobPackedRange(packed: PackedForest, inBag: Uint32Array, features: Float64Array[], from: number, to: number, out: Float64Array): void {
  const C = packed.classCount;
  const T = packed.treeCount;
  const words = inBag.length / T;
  const x = new Float64Array(BLOCK_ROWS * blockStride(packed));
  const outOfBag = new Int32Array(BLOCK_ROWS);
  const trees = new Int32Array(BLOCK_ROWS);
  for (let b0 = from; b0 < to; b0 += BLOCK_ROWS) {
    const b1 = Math.min(to, b0 + BLOCK_ROWS);
    const o = (b0 - from) * C;
    fillBlock(packed, features, b0, b1, x);
    trees.fill(0);
    for (let t = 0; t < T; t++) {
      const count = listOutOfBag(inBag, t * words, b0, b1, outOfBag, trees);
      walkTree(packed, t, x, outOfBag, count, out, o);
    }
    for (let r = 0; r < b1 - b0; r++) {
      const k = trees[r]!;
      for (let c = 0; c < C; c++) out[o + r * C + c] = k === 0 ? NaN : out[o + r * C + c]! / k;
    }
  }
}

/** The block rows [b0, b1) the tree whose bits start at `base` did not draw, into `list`; counts them in `trees`. */
function listOutOfBag(inBag: Uint32Array, base: number, b0: number, b1: number, list: Int32Array, trees: Int32Array): number {
  let m = 0;
  // Branch-free: about half the rows are out of a bag, a branch would be mispredicted half the time.
  for (let r = b0; r < b1; r++) {
    const out = 1 - ((inBag[base + (r >>> 5)]! >>> (r & 31)) & 1);
    const i = r - b0;
    list[m] = i;
    m += out;
    trees[i] = trees[i]! + out;
  }
  return m;
}
