import { describe, expect, it } from 'vitest';
import { kMeans } from '../../gold/regimes/kmeans.js';

/** A small deterministic generator (LCG): the same points on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const BLOBS = [[0, 0], [0, 10], [10, 0], [10, 10]];

function blobPoints(seed: number, perBlob: number): number[][] {
  const next = random(seed);
  return BLOBS.flatMap((centre) => Array.from({ length: perBlob }, () => centre.map((x) => x + (next() - 0.5))));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = random(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('k-means for clustered regimes', () => {
  it.each([1, 2, 3, 4, 5])('finds well-separated blobs, numbered in ascending order of their first coordinate, whatever the order of the points (seed %i)', (seed) => {
    const points = blobPoints(seed, 50 + seed * 7);
    const centres = kMeans(shuffled(points, seed), 4);
    const rounded = centres.map((c) => c.map((x) => Math.round(x) + 0));
    expect([...rounded].sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number))).toEqual(BLOBS);
    expect(centres.map((c) => c[0] as number)).toEqual(centres.map((c) => c[0] as number).sort((a, b) => a - b));
    expect(kMeans(shuffled(points, seed + 100), 4)).toEqual(centres);
  });

  it('needs no seed: the same points give the same centres', () => {
    const points = blobPoints(9, 40);
    expect(kMeans(points, 3)).toEqual(kMeans(points, 3));
  });
});
