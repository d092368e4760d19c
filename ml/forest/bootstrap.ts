import type { ForestParams } from './model.js';
import { Rng } from './rng.js';

/**
 * The bootstrap sample of a tree: round(fraction * rows) draws with replacement (at least one),
 * the first numbers of the tree's stream. One definition for building a tree and for finding
 * the rows it did not draw afterwards.
 */

export const bootstrapDraws = (rows: number, sampleFraction: number): number => Math.max(1, Math.round(sampleFraction * rows));

/** Adds each draw to `counts` (zeroed by the caller, one per row); returns the number of draws. */
export function drawBootstrap(rng: Rng, rows: number, sampleFraction: number, counts: Int32Array): number {
  const draws = bootstrapDraws(rows, sampleFraction);
  for (let k = 0; k < draws; k++) {
    const r = rng.nextInt(rows);
    counts[r] = counts[r]! + 1;
  }
  return draws;
}

/** 32-bit words of one tree's row set in `inBagBits`. */
export const bagWords = (rows: number): number => Math.ceil(rows / 32);

/**
 * Which rows each tree of a forest trained on `rows` rows drew: tree t's bit of row r is bit
 * r % 32 of word t * bagWords(rows) + floor(r / 32), recomputed from the seed as the trees drew
 * them. Written over `out` (trees * bagWords(rows) words; shared when workers read it).
 */
export function inBagBits(params: Pick<ForestParams, 'trees' | 'seed' | 'sampleFraction'>, rows: number, out: Uint32Array): Uint32Array {
  const words = bagWords(rows);
  const counts = new Int32Array(rows);
  out.fill(0);
  for (let t = 0; t < params.trees; t++) {
    counts.fill(0);
    drawBootstrap(new Rng(params.seed, t), rows, params.sampleFraction, counts);
    const base = t * words;
    for (let r = 0; r < rows; r++) out[base + (r >>> 5)] = out[base + (r >>> 5)]! | (+(counts[r] !== 0) << (r & 31));
  }
  return out;
}
