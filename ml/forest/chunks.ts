import { oobPackedRange } from './oob-range.js';
import { predictPackedRange, type PackedForest } from './predict.js';

/** What rows are scored as: the forest's probabilities, or (in-bag bits given) its out-of-bag ones. */
export interface Scoring {
  packed: PackedForest;
  /** See inBagBits; shared when workers read it. */
  inBag: Uint32Array | null;
}

export function scoreRange(scoring: Scoring, features: Float64Array[], from: number, to: number, out: Float64Array): void {
  if (scoring.inBag === null) predictPackedRange(scoring.packed, features, from, to, out);
  else oobPackedRange(scoring.packed, scoring.inBag, features, from, to, out);
}

/** Rows claimed at a time from the shared counter by parallel prediction. */
export const PREDICT_CHUNK_ROWS = 4096;

/** control[0] before the calling thread has copied any chunk for the workers (see predictProbaParallel). */
export const NOTHING_COPIED = 0x7fffffff;

/**
 * Calling thread of predictProbaParallel: claims chunks from the first upwards (flag
 * control[1 + k]) and scores them from `features` (all rows). Workers score chunks from the last
 * downwards, from `copy` (shared, all rows, only chunks >= control[0] filled): after each chunk of
 * its own, this thread copies the next two chunks below control[0] when a worker is at most one
 * chunk above it, so a faster worker keeps going instead of waiting. Ends with control[0] = 0 (every
 * chunk is claimed by then, so no worker reads a chunk that was not copied).
 */
export function scoreClaimedUp(
  scoring: Scoring, features: Float64Array[], copy: Float64Array[], rows: number, firstCopied: number, out: Float64Array, control: Int32Array,
): void {
  const C = scoring.packed.classCount;
  const chunks = Math.ceil(rows / PREDICT_CHUNK_ROWS);
  let frontier = firstCopied;
  copyChunks(features, copy, frontier, chunks, rows);
  Atomics.store(control, 0, frontier);
  Atomics.notify(control, 0);
  for (let k = 0; k < chunks; k++) {
    if (Atomics.compareExchange(control, 1 + k, 0, 1) !== 0) continue;
    const from = k * PREDICT_CHUNK_ROWS;
    const to = Math.min(rows, from + PREDICT_CHUNK_ROWS);
    scoreRange(scoring, features, from, to, out.subarray(from * C, to * C));
    if (frontier + 1 >= chunks || Atomics.load(control, 1 + frontier + 1) !== 0) {
      const lowest = Math.max(k + 2, frontier - 2);
      if (lowest < frontier) {
        copyChunks(features, copy, lowest, frontier, rows);
        frontier = lowest;
        Atomics.store(control, 0, frontier);
        Atomics.notify(control, 0);
      }
    }
  }
  Atomics.store(control, 0, 0);
  Atomics.notify(control, 0);
}

function copyChunks(features: Float64Array[], copy: Float64Array[], first: number, end: number, rows: number): void {
  const from = first * PREDICT_CHUNK_ROWS;
  const to = Math.min(rows, end * PREDICT_CHUNK_ROWS);
  if (from >= to) return;
  for (let f = 0; f < features.length; f++) copy[f]!.set(features[f]!.subarray(from, to), from);
}

/**
 * Prediction worker: claims chunks from the last downwards among those the calling thread has
 * copied (k >= control[0]; waits for more when it gets below), scoring them from `copy`.
 */
export function scoreClaimedDown(scoring: Scoring, copy: Float64Array[], rows: number, out: Float64Array, control: Int32Array): void {
  const C = scoring.packed.classCount;
  const chunks = Math.ceil(rows / PREDICT_CHUNK_ROWS);
  for (let k = chunks - 1; k >= 0; k--) {
    for (;;) {
      if (Atomics.load(control, 1 + k) !== 0) break;
      const frontier = Atomics.load(control, 0);
      if (frontier <= k) {
        if (Atomics.compareExchange(control, 1 + k, 0, 1) === 0) {
          const from = k * PREDICT_CHUNK_ROWS;
          const to = Math.min(rows, from + PREDICT_CHUNK_ROWS);
          scoreRange(scoring, copy, from, to, out.subarray(from * C, to * C));
        }
        break;
      }
      Atomics.wait(control, 0, frontier, 50);
    }
  }
}
