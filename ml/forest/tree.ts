import { EDGE_STRIDE } from './binning.js';
import { drawBootstrap } from './bootstrap.js';
import { Rng } from './rng.js';

/** Binned training data shared (read-only) by every tree builder. */
export interface BinnedData {
  rows: number;
  featureCount: number;
  classCount: number;
  /** Column-major bin codes: feature f of row r at f * rows + r. Missing = valueBins[f]. */
  binned: Uint8Array;
  /** The same codes row-major (row r's features at r * featureCount ...), for scattered small nodes. */
  rowMajor: Uint8Array;
  labels: Uint8Array;
  /** Number of value bins per feature (1..255); the code valueBins[f] marks a missing value. */
  valueBins: Int32Array;
  /** featureCount * EDGE_STRIDE upper bin edges, padded with +Infinity. */
  edges: Float64Array;
}

export interface TreeSettings {
  maxDepth: number;
  minSamplesLeaf: number;
  /** Features drawn at each split (already resolved from 'sqrt' etc.). */
  mtry: number;
  sampleFraction: number;
  seed: number;
  /** Weight of each class (1 for 'none'). */
  classWeights: Float64Array;
}

/**
 * Nodes as flat arrays, for one tree or a whole forest. Leaves have feature -1 and `left` = index
 * of their row in leafValues (leafCount x classCount class probabilities).
 */
export interface NodeArrays {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  /** Bootstrap draws that reached the node during training. */
  samples: Uint32Array;
  leafValues: Float64Array;
  /** Mean decrease in impurity per feature, normalised to sum 1 (all 0 for a single leaf). */
  importance: Float64Array;
}

/** One tree. */
export interface TreeArrays extends NodeArrays {
  nodeCount: number;
  leafCount: number;
}

/** A node waiting to be split: its rows are idx[start, end), histograms are ready for `feats`. */
interface Pending {
  start: number;
  end: number;
  depth: number;
  id: number;
  total: number;
  counts: Int32Array;
  /** Features drawn for this split. */
  feats: Int32Array;
  /** Histogram block per feature (-1: none); covers at least `feats`. */
  hmap: Int32Array;
}

const MAX_CODES = 256;
/** Relative cost of one histogram-bin subtraction against one row of direct histogramming. */
const SUB_COST = 0.125;
/** Features histogrammed together in one pass over the rows. */
const GROUP = 4;
/** Below this share of draws on the smaller side, partition with a (well-predicted) branch. */
const LOPSIDED = 0.08;
/** Nodes with fewer distinct rows read the row-major copy of the codes. */
const ROW_MAJOR_BELOW = 4096;
/** Carry a histogram the larger child did not draw when that costs less than this share of its rows. */
const CARRY = 0.25;

/**
 * Builds trees over binned data. One builder per thread; its buffers are reused tree after tree.
 * Growth is depth first. Histograms (integer bootstrap counts per bin and class) are computed
 * for the features drawn at a node only. When a node is split, the smaller child is
 * histogrammed directly and the larger child's histograms for features both it and the parent
 * drew are derived by subtraction (parent - smaller) in place, when that is cheaper.
 * Small nodes record touched bins in a 256-bit bitmap so that scans and clears skip empty bins.
 */
export class TreeBuilder {
  private readonly n: number;
  private readonly F: number;
  private readonly C: number;
  private readonly blockSize: number;
  private readonly counts: Int32Array;
  private readonly idx: Int32Array;
  private readonly yw: Int32Array;
  private readonly scratchIdx: Int32Array;
  private readonly scratchYw: Int32Array;
  private readonly perm: Int32Array;
  private readonly lut = new Uint8Array(MAX_CODES);
  // Layout read by the histogram and partition loops (setLayout): code of feature f, row r at
  // src[colOf(f) + r * stride].
  private src: Uint8Array;
  private stride = 1;
  private readonly mCols: Int32Array;
  private readonly mBases: Int32Array;
  private readonly mBlocks: Int32Array;
  private readonly mFeats: Int32Array;
  private readonly sMark: Uint8Array;
  private readonly lMark: Uint8Array;
  private readonly carry: Uint8Array;
  // Histogram block pool; free blocks are always all-zero.
  private hist: Int32Array;
  private bitmap: Int32Array;
  private sparse: Uint8Array;
  private blockFeature: Int32Array;
  private freeList: Int32Array;
  private freeCount = 0;
  private capacity = 0;
  // Split search scratch.
  private readonly wT: Float64Array;
  private readonly wM: Float64Array;
  private readonly wl: Float64Array;
  private readonly bestLeft: Int32Array;
  // Output (grown on demand).
  private oCap = 0;
  private oFeature = new Int32Array(0);
  private oThreshold = new Float64Array(0);
  private oLeft = new Int32Array(0);
  private oRight = new Int32Array(0);
  private oMissingLeft = new Uint8Array(0);
  private oSamples = new Uint32Array(0);
  private oLeaf = new Float64Array(0);
  private nodeCount = 0;
  private leafCount = 0;
  private importance: Float64Array;
  private rng: Rng = new Rng(0, 0);
  // Best split found by findSplit.
  private bFeature = -1;
  private bBin = -1;
  private bMissingLeft = false;
  private bAllValuesLeft = false;
  private bScore = 0;

  constructor(private readonly data: BinnedData, private readonly settings: TreeSettings) {
    this.n = data.rows;
    this.F = data.featureCount;
    this.C = data.classCount;
    this.blockSize = MAX_CODES * this.C;
    this.src = data.binned;
    this.counts = new Int32Array(this.n);
    this.idx = new Int32Array(this.n);
    this.yw = new Int32Array(this.n);
    this.scratchIdx = new Int32Array(this.n);
    this.scratchYw = new Int32Array(this.n);
    this.perm = new Int32Array(this.F);
    this.mCols = new Int32Array(this.F);
    this.mBases = new Int32Array(this.F);
    this.mBlocks = new Int32Array(this.F);
    this.mFeats = new Int32Array(this.F);
    this.sMark = new Uint8Array(this.F);
    this.lMark = new Uint8Array(this.F);
    this.carry = new Uint8Array(this.F);
    this.hist = new Int32Array(0);
    this.bitmap = new Int32Array(0);
    this.sparse = new Uint8Array(0);
    this.blockFeature = new Int32Array(0);
    this.freeList = new Int32Array(0);
    this.grow(64);
    this.wT = new Float64Array(this.C);
    this.wM = new Float64Array(this.C);
    this.wl = new Float64Array(this.C);
    this.bestLeft = new Int32Array(this.C);
    this.importance = new Float64Array(this.F);
    this.ensureOutput(1024);
  }

  private grow(newCapacity: number): void {
    const old = this.capacity;
    const hist = new Int32Array(newCapacity * this.blockSize);
    hist.set(this.hist);
    const bitmap = new Int32Array(newCapacity * 8);
    bitmap.set(this.bitmap);
    const sparse = new Uint8Array(newCapacity);
    sparse.set(this.sparse);
    const blockFeature = new Int32Array(newCapacity);
    blockFeature.set(this.blockFeature);
    const freeList = new Int32Array(newCapacity);
    freeList.set(this.freeList.subarray(0, this.freeCount));
    let freeCount = this.freeCount;
    for (let b = newCapacity - 1; b >= old; b--) freeList[freeCount++] = b;
    this.hist = hist;
    this.bitmap = bitmap;
    this.sparse = sparse;
    this.blockFeature = blockFeature;
    this.freeList = freeList;
    this.freeCount = freeCount;
    this.capacity = newCapacity;
  }

  private alloc(feature: number, sparse: boolean): number {
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    const b = this.freeList[--this.freeCount]!;
    this.blockFeature[b] = feature;
    this.sparse[b] = sparse ? 1 : 0;
    return b;
  }

  /** Returns a block to the pool, zeroing only what was written. */
  private release(block: number): void {
    const C = this.C;
    const hist = this.hist;
    const base = block * this.blockSize;
    if (this.sparse[block] === 1) {
      const bm = this.bitmap;
      const bmBase = block * 8;
      for (let w = 0; w < 8; w++) {
        let word = bm[bmBase + w]!;
        while (word !== 0) {
          const low = word & -word;
          const bin = (w << 5) + (31 - Math.clz32(low));
          word ^= low;
          const off = base + bin * C;
          for (let c = 0; c < C; c++) hist[off + c] = 0;
        }
        bm[bmBase + w] = 0;
      }
    } else {
      const codes = this.data.valueBins[this.blockFeature[block]!]! + 1;
      hist.fill(0, base, base + codes * C);
    }
    this.freeList[this.freeCount++] = block;
  }

  private ensureOutput(cap: number): void {
    if (cap <= this.oCap) return;
    let next = Math.max(1024, this.oCap);
    while (next < cap) next *= 2;
    const grow = <T extends Int32Array | Float64Array | Uint8Array | Uint32Array>(a: T, make: (len: number) => T, len: number): T => {
      const out = make(len);
      out.set(a);
      return out;
    };
    this.oFeature = grow(this.oFeature, (l) => new Int32Array(l), next);
    this.oThreshold = grow(this.oThreshold, (l) => new Float64Array(l), next);
    this.oLeft = grow(this.oLeft, (l) => new Int32Array(l), next);
    this.oRight = grow(this.oRight, (l) => new Int32Array(l), next);
    this.oMissingLeft = grow(this.oMissingLeft, (l) => new Uint8Array(l), next);
    this.oSamples = grow(this.oSamples, (l) => new Uint32Array(l), next);
    this.oLeaf = grow(this.oLeaf, (l) => new Float64Array(l), next * this.C);
    this.oCap = next;
  }

  private newNode(): number {
    if (this.nodeCount === this.oCap) this.ensureOutput(this.nodeCount + 1);
    return this.nodeCount++;
  }

  private makeLeaf(id: number, counts: Int32Array, total: number): void {
    const C = this.C;
    const w = this.settings.classWeights;
    const leaf = this.leafCount++;
    const off = leaf * C;
    const values = this.oLeaf;
    let sum = 0;
    for (let c = 0; c < C; c++) sum += w[c]! * counts[c]!;
    for (let c = 0; c < C; c++) values[off + c] = sum > 0 ? (w[c]! * counts[c]!) / sum : 1 / C;
    this.oFeature[id] = -1;
    this.oThreshold[id] = 0;
    this.oLeft[id] = leaf;
    this.oRight[id] = -1;
    this.oMissingLeft[id] = 0;
    this.oSamples[id] = total;
  }

  private drawFeatures(): Int32Array {
    const F = this.F;
    const k = this.settings.mtry;
    const perm = this.perm;
    const out = new Int32Array(k);
    for (let j = 0; j < k; j++) {
      const r = j + this.rng.nextInt(F - j);
      const t = perm[j]!;
      perm[j] = perm[r]!;
      perm[r] = t;
      out[j] = perm[j]!;
    }
    return out;
  }

  /**
   * Column-major codes for large nodes (their rows are dense: each column streams), row-major
   * for smaller ones (scattered rows: one row's features share a cache line).
   */
  private setLayout(rows: number): void {
    if (rows < ROW_MAJOR_BELOW) {
      this.src = this.data.rowMajor;
      this.stride = this.F;
    } else {
      this.src = this.data.binned;
      this.stride = 1;
    }
  }

  private colOf(f: number): number {
    return this.stride === 1 ? f * this.n : f;
  }

  /** Adds the rows idx[start, end) to a zeroed block for `feature` (layout already set). */
  private histogram(block: number, feature: number, start: number, end: number): void {
    const C = this.C;
    const hist = this.hist;
    const idx = this.idx;
    const yw = this.yw;
    const binned = this.src;
    const stride = this.stride;
    const col = this.colOf(feature);
    const base = block * this.blockSize;
    if (this.sparse[block] === 1) {
      const bm = this.bitmap;
      const bmBase = block * 8;
      for (let i = start; i < end; i++) {
        const v = yw[i]!;
        const bin = binned[col + idx[i]! * stride]!;
        const h = base + bin * C + (v & 0xff);
        hist[h] = hist[h]! + (v >> 8);
        const wd = bmBase + (bin >>> 5);
        bm[wd] = bm[wd]! | (1 << (bin & 31));
      }
    } else {
      for (let i = start; i < end; i++) {
        const v = yw[i]!;
        const h = base + binned[col + idx[i]! * stride]! * C + (v & 0xff);
        hist[h] = hist[h]! + (v >> 8);
      }
    }
  }

  /**
   * Histograms of several features over the same rows: bitmap-tracked blocks one by one, dense
   * blocks in one row-major pass (one read of idx/yw per row, independent update chains).
   */
  private histogramMany(blocks: Int32Array, feats: Int32Array, count: number, start: number, end: number): void {
    const cols = this.mCols;
    const bases = this.mBases;
    const blockSize = this.blockSize;
    this.setLayout(end - start);
    let k = 0;
    for (let j = 0; j < count; j++) {
      const b = blocks[j]!;
      const f = feats[j]!;
      if (this.sparse[b] === 1) this.histogram(b, f, start, end);
      else {
        cols[k] = this.colOf(f);
        bases[k] = b * blockSize;
        k++;
      }
    }
    if (k === 0) return;
    // Groups of a few features keep the histograms being updated within L1; balanced sizes
    // (5 = 3 + 2, not 4 + 1): several independent update chains per row.
    const groups = Math.ceil(k / GROUP);
    for (let g = 0; g < groups; g++) this.histogramGroup(Math.floor((g * k) / groups), Math.floor(((g + 1) * k) / groups), start, end);
  }

  /** One row-major pass for features j0..j1 (at most 4) of mCols/mBases; kernels per group size. */
  private histogramGroup(j0: number, j1: number, start: number, end: number): void {
    const cols = this.mCols;
    const bases = this.mBases;
    const k = j1 - j0;
    if (k === 4) this.histogram4(cols[j0]!, bases[j0]!, cols[j0 + 1]!, bases[j0 + 1]!, cols[j0 + 2]!, bases[j0 + 2]!, cols[j0 + 3]!, bases[j0 + 3]!, start, end);
    else if (k === 3) this.histogram3(cols[j0]!, bases[j0]!, cols[j0 + 1]!, bases[j0 + 1]!, cols[j0 + 2]!, bases[j0 + 2]!, start, end);
    else if (k === 2) this.histogram2(cols[j0]!, bases[j0]!, cols[j0 + 1]!, bases[j0 + 1]!, start, end);
    else this.histogram1(cols[j0]!, bases[j0]!, start, end);
  }

  // Specialised kernels: the generic loop over a group's features was ~4x slower per update.
  private histogram1(c0: number, b0: number, start: number, end: number): void {
    const C = this.C;
    const hist = this.hist;
    const idx = this.idx;
    const yw = this.yw;
    const binned = this.src;
    const stride = this.stride;
    for (let i = start; i < end; i++) {
      const v = yw[i]!;
      const h0 = b0 + binned[c0 + idx[i]! * stride]! * C + (v & 0xff);
      hist[h0] = hist[h0]! + (v >> 8);
    }
  }

  private histogram2(c0: number, b0: number, c1: number, b1: number, start: number, end: number): void {
    const C = this.C;
    const hist = this.hist;
    const idx = this.idx;
    const yw = this.yw;
    const binned = this.src;
    const stride = this.stride;
    for (let i = start; i < end; i++) {
      const rs = idx[i]! * stride;
      const v = yw[i]!;
      const y = v & 0xff;
      const w = v >> 8;
      const h0 = b0 + binned[c0 + rs]! * C + y;
      const h1 = b1 + binned[c1 + rs]! * C + y;
      hist[h0] = hist[h0]! + w;
      hist[h1] = hist[h1]! + w;
    }
  }

  private histogram3(c0: number, b0: number, c1: number, b1: number, c2: number, b2: number, start: number, end: number): void {
    const C = this.C;
    const hist = this.hist;
    const idx = this.idx;
    const yw = this.yw;
    const binned = this.src;
    const stride = this.stride;
    for (let i = start; i < end; i++) {
      const rs = idx[i]! * stride;
      const v = yw[i]!;
      const y = v & 0xff;
      const w = v >> 8;
      const h0 = b0 + binned[c0 + rs]! * C + y;
      const h1 = b1 + binned[c1 + rs]! * C + y;
      const h2 = b2 + binned[c2 + rs]! * C + y;
      hist[h0] = hist[h0]! + w;
      hist[h1] = hist[h1]! + w;
      hist[h2] = hist[h2]! + w;
    }
  }

  private histogram4(
    c0: number, b0: number, c1: number, b1: number, c2: number, b2: number, c3: number, b3: number, start: number, end: number,
  ): void {
    const C = this.C;
    const hist = this.hist;
    const idx = this.idx;
    const yw = this.yw;
    const binned = this.src;
    const stride = this.stride;
    for (let i = start; i < end; i++) {
      const rs = idx[i]! * stride;
      const v = yw[i]!;
      const y = v & 0xff;
      const w = v >> 8;
      const h0 = b0 + binned[c0 + rs]! * C + y;
      const h1 = b1 + binned[c1 + rs]! * C + y;
      const h2 = b2 + binned[c2 + rs]! * C + y;
      const h3 = b3 + binned[c3 + rs]! * C + y;
      hist[h0] = hist[h0]! + w;
      hist[h1] = hist[h1]! + w;
      hist[h2] = hist[h2]! + w;
      hist[h3] = hist[h3]! + w;
    }
  }

  /** target -= other over the bins of `feature` (target keeps its sparsity: a superset). */
  private subtract(target: number, other: number): void {
    const C = this.C;
    const hist = this.hist;
    const tb = target * this.blockSize;
    const ob = other * this.blockSize;
    if (this.sparse[other] === 1) {
      const bm = this.bitmap;
      const bmBase = other * 8;
      for (let w = 0; w < 8; w++) {
        let word = bm[bmBase + w]!;
        while (word !== 0) {
          const low = word & -word;
          const bin = (w << 5) + (31 - Math.clz32(low));
          word ^= low;
          const off = bin * C;
          for (let c = 0; c < C; c++) hist[tb + off + c] = hist[tb + off + c]! - hist[ob + off + c]!;
        }
      }
    } else {
      const len = (this.data.valueBins[this.blockFeature[target]!]! + 1) * C;
      for (let i = 0; i < len; i++) hist[tb + i] = hist[tb + i]! - hist[ob + i]!;
    }
  }

  /** Best split over the node's drawn features; returns false when none improves impurity. */
  private findSplit(node: Pending): boolean {
    const C = this.C;
    const w = this.settings.classWeights;
    const minLeaf = this.settings.minSamplesLeaf;
    const wT = this.wT;
    const counts = node.counts;
    let sumT = 0;
    let sqT = 0;
    for (let c = 0; c < C; c++) {
      const x = w[c]! * counts[c]!;
      wT[c] = x;
      sumT += x;
      sqT += x * x;
    }
    const parentScore = sqT / sumT;
    this.bScore = parentScore + 1e-12 * sumT;
    this.bFeature = -1;
    const feats = node.feats;
    for (let j = 0; j < feats.length; j++) {
      const f = feats[j]!;
      this.scanFeature(f, node.hmap[f]!, node.total, sumT, minLeaf);
    }
    return this.bFeature >= 0;
  }

  private scanFeature(f: number, block: number, total: number, sumT: number, minLeaf: number): void {
    const C = this.C;
    const hist = this.hist;
    const w = this.settings.classWeights;
    const wT = this.wT;
    const wM = this.wM;
    const wl = this.wl;
    const nb = this.data.valueBins[f]!;
    const base = block * this.blockSize;
    const mOff = base + nb * C;
    let cntM = 0;
    let sumM = 0;
    for (let c = 0; c < C; c++) {
      const m = hist[mOff + c]!;
      cntM += m;
      const x = w[c]! * m;
      wM[c] = x;
      sumM += x;
      wl[c] = 0;
    }
    const cntV = total - cntM;
    if (cntV === 0) return;
    const sumV = sumT - sumM;
    let cntL = 0;
    let bestScore = this.bScore;
    let bestBin = -1;
    let bestMissingLeft = false;
    let bestAll = false;
    const isSparse = this.sparse[block] === 1;
    const bm = this.bitmap;
    const bmBase = block * 8;
    let word = 0;
    let wordIndex = -1;
    let bin = -1;
    for (;;) {
      // Next non-empty value bin.
      let t = 0;
      let off = 0;
      if (isSparse) {
        while (word === 0 && wordIndex < 7) word = bm[bmBase + ++wordIndex]!;
        if (word === 0) break;
        const low = word & -word;
        bin = (wordIndex << 5) + (31 - Math.clz32(low));
        word ^= low;
        if (bin >= nb) break;
        off = base + bin * C;
        for (let c = 0; c < C; c++) t += hist[off + c]!;
      } else {
        for (;;) {
          bin++;
          if (bin >= nb) break;
          off = base + bin * C;
          t = 0;
          for (let c = 0; c < C; c++) t += hist[off + c]!;
          if (t !== 0) break;
        }
        if (bin >= nb) break;
      }
      if (t === 0) continue;
      cntL += t;
      let sumL = 0;
      let sqL = 0;
      let sqR = 0;
      for (let c = 0; c < C; c++) {
        const h = hist[off + c]!;
        const l = wl[c]! + w[c]! * h;
        wl[c] = l;
        sumL += l;
        sqL += l * l;
        const r = wT[c]! - l;
        sqR += r * r;
      }
      const all = cntL === cntV;
      // Missing values right.
      const cntR = total - cntL;
      if (cntL >= minLeaf && cntR >= minLeaf && cntR > 0) {
        const score = sqL / sumL + sqR / (sumT - sumL);
        if (score > bestScore) {
          bestScore = score;
          bestBin = bin;
          bestMissingLeft = false;
          bestAll = all;
        }
      }
      // Missing values left.
      if (cntM > 0 && !all) {
        const cntLB = cntL + cntM;
        const cntRB = cntV - cntL;
        if (cntLB >= minLeaf && cntRB >= minLeaf) {
          let sqLB = 0;
          let sqRB = 0;
          for (let c = 0; c < C; c++) {
            const l = wl[c]! + wM[c]!;
            sqLB += l * l;
            const r = wT[c]! - l;
            sqRB += r * r;
          }
          const sumLB = sumL + sumM;
          const score = sqLB / sumLB + sqRB / (sumV - sumL);
          if (score > bestScore) {
            bestScore = score;
            bestBin = bin;
            bestMissingLeft = true;
            bestAll = false;
          }
        }
      }
      if (all) break;
    }
    if (bestBin >= 0) {
      this.bScore = bestScore;
      this.bFeature = f;
      this.bBin = bestBin;
      this.bAllValuesLeft = bestAll;
      // With no missing value in the node, unseen missing values follow the larger child.
      this.bMissingLeft = cntM > 0 ? bestMissingLeft : false;
      // Left class counts of the winning split, recomputed once (cheap, rare).
      const left = this.bestLeft;
      for (let c = 0; c < C; c++) left[c] = bestMissingLeft ? hist[mOff + c]! : 0;
      for (let b = 0; b <= bestBin; b++) {
        const o = base + b * C;
        for (let c = 0; c < C; c++) left[c] = left[c]! + hist[o + c]!;
      }
      if (cntM === 0) {
        let lt = 0;
        for (let c = 0; c < C; c++) lt += left[c]!;
        this.bMissingLeft = lt * 2 >= total;
      }
    }
  }

  /**
   * Stable partition of idx[start, end) by the best split; returns the first right position.
   * The side expected to be larger is compacted in place, the other goes through the scratch
   * buffer (so the copy back is the smaller side).
   */
  private partition(start: number, end: number, leftLarger: boolean, lopsided: boolean): number {
    const f = this.bFeature;
    const nb = this.data.valueBins[f]!;
    const lut = this.lut;
    lut.fill(0);
    lut.fill(1, 0, this.bBin + 1);
    if (this.bMissingLeft) lut[nb] = 1;
    this.setLayout(end - start);
    const col = this.colOf(f);
    // One loop per function (and native copies back): an optimized function never meets a
    // loop it has no type feedback for (that deoptimized the spine partitions again and again).
    if (leftLarger) {
      const wl = lopsided ? this.compactForwardRare(col, start, end) : this.compactForward(col, start, end);
      const wr = end - wl;
      this.idx.set(this.scratchIdx.subarray(0, wr), wl);
      this.yw.set(this.scratchYw.subarray(0, wr), wl);
      return wl;
    }
    // Right side compacted in place from the end backwards; left rows collected in reverse.
    const wl = lopsided ? this.compactBackwardRare(col, start, end) : this.compactBackward(col, start, end);
    const sIdx = this.scratchIdx.subarray(0, wl).reverse();
    const sYw = this.scratchYw.subarray(0, wl).reverse();
    this.idx.set(sIdx, start);
    this.yw.set(sYw, start);
    return start + wl;
  }

  /** Left rows compacted in place from `start`, right rows to the scratch; returns the end of the left rows. */
  private compactForward(col: number, start: number, end: number): number {
    const lut = this.lut;
    const binned = this.src;
    const stride = this.stride;
    const idx = this.idx;
    const yw = this.yw;
    const sIdx = this.scratchIdx;
    const sYw = this.scratchYw;
    let wl = start;
    let wr = 0;
    for (let i = start; i < end; i++) {
      const row = idx[i]!;
      const v = yw[i]!;
      const goLeft = lut[binned[col + row * stride]!]!;
      idx[wl] = row;
      yw[wl] = v;
      sIdx[wr] = row;
      sYw[wr] = v;
      wl += goLeft;
      wr += 1 - goLeft;
    }
    return wl;
  }

  /** compactForward when right rows are rare: a well-predicted branch, two stores per row. */
  private compactForwardRare(col: number, start: number, end: number): number {
    const lut = this.lut;
    const binned = this.src;
    const stride = this.stride;
    const idx = this.idx;
    const yw = this.yw;
    const sIdx = this.scratchIdx;
    const sYw = this.scratchYw;
    let wl = start;
    let wr = 0;
    for (let i = start; i < end; i++) {
      const row = idx[i]!;
      if (lut[binned[col + row * stride]!] === 1) {
        idx[wl] = row;
        yw[wl] = yw[i]!;
        wl++;
      } else {
        sIdx[wr] = row;
        sYw[wr] = yw[i]!;
        wr++;
      }
    }
    return wl;
  }

  /** compactBackward when left rows are rare. */
  private compactBackwardRare(col: number, start: number, end: number): number {
    const lut = this.lut;
    const binned = this.src;
    const stride = this.stride;
    const idx = this.idx;
    const yw = this.yw;
    const sIdx = this.scratchIdx;
    const sYw = this.scratchYw;
    let wr = end - 1;
    let wl = 0;
    for (let i = end - 1; i >= start; i--) {
      const row = idx[i]!;
      if (lut[binned[col + row * stride]!] === 1) {
        sIdx[wl] = row;
        sYw[wl] = yw[i]!;
        wl++;
      } else {
        idx[wr] = row;
        yw[wr] = yw[i]!;
        wr--;
      }
    }
    return wl;
  }

  /** Right rows compacted in place towards `end`, left rows to the scratch in reverse; returns their count. */
  private compactBackward(col: number, start: number, end: number): number {
    const lut = this.lut;
    const binned = this.src;
    const stride = this.stride;
    const idx = this.idx;
    const yw = this.yw;
    const sIdx = this.scratchIdx;
    const sYw = this.scratchYw;
    let wr = end - 1;
    let wl = 0;
    for (let i = end - 1; i >= start; i--) {
      const row = idx[i]!;
      const v = yw[i]!;
      const goLeft = lut[binned[col + row * stride]!]!;
      idx[wr] = row;
      yw[wr] = v;
      sIdx[wl] = row;
      sYw[wl] = v;
      wr -= 1 - goLeft;
      wl += goLeft;
    }
    return wl;
  }

  private isLeaf(depth: number, total: number, counts: Int32Array): boolean {
    if (depth >= this.settings.maxDepth || total < 2 * this.settings.minSamplesLeaf) return true;
    let nonZero = 0;
    for (let c = 0; c < this.C; c++) if (counts[c]! > 0) nonZero++;
    return nonZero <= 1;
  }

  /** Whether nodes of `rows` unique rows use bitmap-tracked (sparse) histograms for feature f. */
  private useSparse(rows: number, f: number): boolean {
    return rows < this.data.valueBins[f]!;
  }

  build(treeIndex: number): TreeArrays {
    const n = this.n;
    const C = this.C;
    const s = this.settings;
    this.rng = new Rng(s.seed, treeIndex);
    for (let f = 0; f < this.F; f++) this.perm[f] = f;
    this.nodeCount = 0;
    this.leafCount = 0;
    this.importance.fill(0);

    // Bootstrap, kept as (row, multiplicity).
    const counts = this.counts;
    counts.fill(0);
    const draws = drawBootstrap(this.rng, n, s.sampleFraction, counts);
    const labels = this.data.labels;
    const idx = this.idx;
    const yw = this.yw;
    const rootCounts = new Int32Array(C);
    let m = 0;
    // Branch-free (about half the rows are drawn: a branch would be mispredicted half the time).
    for (let r = 0; r < n; r++) {
      const k = counts[r]!;
      const y = labels[r]!;
      idx[m] = r;
      yw[m] = (k << 8) | y;
      rootCounts[y] = rootCounts[y]! + k;
      m += +(k !== 0);
    }

    const root = this.newNode();
    const stack: Pending[] = [];
    if (this.isLeaf(0, draws, rootCounts)) {
      this.makeLeaf(root, rootCounts, draws);
    } else {
      const feats = this.drawFeatures();
      const blocks = new Int32Array(feats.length);
      const hmap = new Int32Array(this.F).fill(-1);
      for (let j = 0; j < feats.length; j++) {
        blocks[j] = this.alloc(feats[j]!, this.useSparse(m, feats[j]!));
        hmap[feats[j]!] = blocks[j]!;
      }
      this.histogramMany(blocks, feats, feats.length, 0, m);
      stack.push({ start: 0, end: m, depth: 0, id: root, total: draws, counts: rootCounts, feats, hmap });
    }

    while (stack.length > 0) {
      const node = stack.pop()!;
      if (!this.findSplit(node)) {
        this.makeLeaf(node.id, node.counts, node.total);
        for (let g = 0; g < this.F; g++) if (node.hmap[g]! >= 0) this.release(node.hmap[g]!);
        continue;
      }
      this.splitNode(node, stack);
    }

    const imp = this.importance;
    let sum = 0;
    for (let f = 0; f < this.F; f++) sum += imp[f]!;
    const importance = new Float64Array(this.F);
    if (sum > 0) for (let f = 0; f < this.F; f++) importance[f] = imp[f]! / sum;
    const nc = this.nodeCount;
    return {
      nodeCount: nc,
      feature: this.oFeature.slice(0, nc),
      threshold: this.oThreshold.slice(0, nc),
      left: this.oLeft.slice(0, nc),
      right: this.oRight.slice(0, nc),
      missingLeft: this.oMissingLeft.slice(0, nc),
      samples: this.oSamples.slice(0, nc),
      leafCount: this.leafCount,
      leafValues: this.oLeaf.slice(0, this.leafCount * C),
      importance,
    };
  }

  private splitNode(node: Pending, stack: Pending[]): void {
    const C = this.C;
    const f = this.bFeature;
    const id = node.id;
    // Record the split.
    this.oFeature[id] = f;
    this.oThreshold[id] = this.bAllValuesLeft ? Infinity : this.data.edges[f * EDGE_STRIDE + this.bBin]!;
    this.oMissingLeft[id] = this.bMissingLeft ? 1 : 0;
    this.oSamples[id] = node.total;
    this.importance[f] = this.importance[f]! + this.bScore - this.parentScore(node);
    const leftCounts = new Int32Array(C);
    const rightCounts = new Int32Array(C);
    let leftTotal = 0;
    for (let c = 0; c < C; c++) {
      const l = this.bestLeft[c]!;
      leftCounts[c] = l;
      rightCounts[c] = node.counts[c]! - l;
      leftTotal += l;
    }
    const rightTotal = node.total - leftTotal;
    const mid = this.partition(node.start, node.end, leftTotal * 2 >= node.total, Math.min(leftTotal, rightTotal) < node.total * LOPSIDED);
    const leftId = this.newNode();
    const rightId = this.newNode();
    this.oLeft[id] = leftId;
    this.oRight[id] = rightId;
    const depth = node.depth + 1;
    const leftLeaf = this.isLeaf(depth, leftTotal, leftCounts);
    const rightLeaf = this.isLeaf(depth, rightTotal, rightCounts);
    if (leftLeaf) this.makeLeaf(leftId, leftCounts, leftTotal);
    if (rightLeaf) this.makeLeaf(rightId, rightCounts, rightTotal);
    const leftFeats = leftLeaf ? null : this.drawFeatures();
    const rightFeats = rightLeaf ? null : this.drawFeatures();
    const leftRows = mid - node.start;
    const rightRows = node.end - mid;
    const leftSmall = leftRows <= rightRows;
    const sStart = leftSmall ? node.start : mid;
    const sEnd = leftSmall ? mid : node.end;
    const lStart = leftSmall ? mid : node.start;
    const lEnd = leftSmall ? node.end : mid;
    const sFeats = leftSmall ? leftFeats : rightFeats;
    const lFeats = leftSmall ? rightFeats : leftFeats;
    const sRows = sEnd - sStart;
    const lRows = lEnd - lStart;

    const F = this.F;
    const pmap = node.hmap;
    const sMark = this.sMark;
    const lMark = this.lMark;
    const carry = this.carry;
    sMark.fill(0);
    lMark.fill(0);
    carry.fill(0);
    if (sFeats !== null) for (let j = 0; j < sFeats.length; j++) sMark[sFeats[j]!] = 1;
    if (lFeats !== null) for (let j = 0; j < lFeats.length; j++) lMark[lFeats[j]!] = 1;
    // Which of the parent's histograms the larger child derives by subtraction (parent - smaller):
    // always worth it for features it drew when cheaper than direct; for the others (carried for
    // later splits down this path) when cheap relative to the larger child.
    if (lFeats !== null) {
      for (let g = 0; g < F; g++) {
        const pb = pmap[g]!;
        if (pb < 0) continue;
        const bins = this.sparse[pb] === 1 ? Math.min(sRows, this.data.valueBins[g]! + 1) : this.data.valueBins[g]! + 1;
        const cost = bins * C * SUB_COST + (sMark[g] === 1 ? 0 : sRows);
        if (cost < (lMark[g] === 1 ? lRows : lRows * CARRY)) carry[g] = 1;
      }
    }
    // Smaller child: direct histograms for its features and the carried ones (kept if it grows).
    let sMap: Int32Array | null = null;
    let count = 0;
    const mBlocks = this.mBlocks;
    const mFeats = this.mFeats;
    if (sFeats !== null) sMap = new Int32Array(F).fill(-1);
    for (let g = 0; g < F; g++) {
      if (sMark[g] === 0 && carry[g] === 0) continue;
      const b = this.alloc(g, this.useSparse(sRows, g));
      if (sMap !== null) sMap[g] = b;
      mBlocks[count] = b;
      mFeats[count] = g;
      count++;
    }
    this.histogramMany(mBlocks, mFeats, count, sStart, sEnd);
    // Larger child: carried histograms by subtraction in place, the rest directly.
    let lMap: Int32Array | null = null;
    if (lFeats !== null) {
      lMap = new Int32Array(F).fill(-1);
      let direct = 0;
      let k = 0;
      for (let g = 0; g < F; g++) {
        if (sMark[g] === 0 && carry[g] === 0) continue;
        const sb = mBlocks[k++]!;
        if (carry[g] === 1) {
          const pb = pmap[g]!;
          this.subtract(pb, sb);
          lMap[g] = pb;
        }
        if (sMap === null) this.release(sb);
      }
      for (let j = 0; j < lFeats.length; j++) {
        const g = lFeats[j]!;
        if (lMap[g]! >= 0) continue;
        const b = this.alloc(g, this.useSparse(lRows, g));
        lMap[g] = b;
        mBlocks[direct] = b;
        mFeats[direct] = g;
        direct++;
      }
      if (direct > 0) this.histogramMany(mBlocks, mFeats, direct, lStart, lEnd);
    } else if (sMap === null) {
      for (let j = 0; j < count; j++) this.release(mBlocks[j]!);
    }
    for (let g = 0; g < F; g++) if (pmap[g]! >= 0 && carry[g] === 0) this.release(pmap[g]!);

    // Larger child pushed first so that the smaller one is grown first.
    if (lFeats !== null) {
      stack.push({
        start: lStart, end: lEnd, depth, id: leftSmall ? rightId : leftId,
        total: leftSmall ? rightTotal : leftTotal, counts: leftSmall ? rightCounts : leftCounts,
        feats: lFeats, hmap: lMap!,
      });
    }
    if (sFeats !== null) {
      stack.push({
        start: sStart, end: sEnd, depth, id: leftSmall ? leftId : rightId,
        total: leftSmall ? leftTotal : rightTotal, counts: leftSmall ? leftCounts : rightCounts,
        feats: sFeats, hmap: sMap!,
      });
    }
  }

  private parentScore(node: Pending): number {
    const w = this.settings.classWeights;
    let sum = 0;
    let sq = 0;
    for (let c = 0; c < this.C; c++) {
      const x = w[c]! * node.counts[c]!;
      sum += x;
      sq += x * x;
    }
    return sq / sum;
  }
}

