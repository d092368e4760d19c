import { describe, expect, it } from 'vitest';
import { DEFAULT_FOREST_PARAMS, oobProbabilities, trainForest, type Forest, type ForestParams, type TrainingSet } from '../../ml/forest/index.js';
import { Rng } from '../../ml/forest/rng.js';

/**
 * Out-of-bag probabilities against a brute force written here: each tree's bootstrap drawn again
 * one number at a time, each row walked down each tree that did not draw it on the flat arrays.
 */

/** 3 classes from x0 + x1 with noise; x2..x4 noise, x2 missing for a tenth of the rows. */
function rowsOf(rows: number, seed: number): TrainingSet {
  const rng = new Rng(seed, 5);
  const features = Array.from({ length: 5 }, () => new Float64Array(rows));
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < 5; f++) features[f]![r] = rng.nextFloat();
    if (rng.nextFloat() < 0.1) features[2]![r] = NaN;
    const s = features[0]![r]! + features[1]![r]! + 0.4 * rng.nextFloat();
    labels[r] = s < 0.9 ? 0 : s < 1.4 ? 1 : 2;
  }
  return { features, labels, classCount: 3 };
}

/** The rows tree t drew: its stream, from its start, gives round(fraction * rows) row numbers. */
function bootstrapOf(params: ForestParams, rows: number, t: number): number[] {
  const rng = new Rng(params.seed, t);
  const draws = Math.max(1, Math.round(params.sampleFraction * rows));
  return Array.from({ length: draws }, () => Math.floor((rng.nextU32() * rows) / 2 ** 32));
}

/** drawn[t][r]: tree t drew row r. */
function drawnRows(params: ForestParams, rows: number): boolean[][] {
  return Array.from({ length: params.trees }, (_, t) => {
    const drawn = new Array<boolean>(rows).fill(false);
    for (const r of bootstrapOf(params, rows, t)) drawn[r] = true;
    return drawn;
  });
}

function leafOf(forest: Forest, t: number, data: TrainingSet, r: number): number {
  let node = forest.treeOffsets[t]!;
  while (forest.feature[node]! >= 0) {
    const x = data.features[forest.feature[node]!]![r]!;
    const left = Number.isNaN(x) ? forest.missingLeft[node] === 1 : x <= forest.threshold[node]!;
    node = left ? forest.left[node]! : forest.right[node]!;
  }
  return forest.left[node]!;
}

function bruteForce(forest: Forest, data: TrainingSet): Float64Array {
  const rows = data.labels.length;
  const C = forest.classCount;
  const drawn = drawnRows(forest.params, rows);
  const out = new Float64Array(rows * C);
  for (let r = 0; r < rows; r++) {
    const sum = new Float64Array(C);
    let trees = 0;
    for (let t = 0; t < forest.treeCount; t++) {
      if (drawn[t]![r]) continue;
      trees++;
      const leaf = leafOf(forest, t, data, r);
      for (let c = 0; c < C; c++) sum[c] = sum[c]! + forest.leafValues[leaf * C + c]!;
    }
    for (let c = 0; c < C; c++) out[r * C + c] = trees === 0 ? NaN : sum[c]! / trees;
  }
  return out;
}

const params: ForestParams = { ...DEFAULT_FOREST_PARAMS, trees: 15, maxDepth: 8, seed: 11, threads: 1 };

describe('out-of-bag probabilities', () => {
  it('draw again exactly the bootstrap samples training drew', async () => {
    // Single-leaf trees hold the class shares of their bootstrap sample.
    const data = rowsOf(700, 1);
    const p = { ...params, minSamplesLeaf: 700 };
    const forest = await trainForest(data, p);
    for (let t = 0; t < p.trees; t++) {
      const sample = bootstrapOf(p, 700, t);
      const shares = [0, 1, 2].map((c) => sample.filter((r) => data.labels[r] === c).length / sample.length);
      const leaf = forest.left[forest.treeOffsets[t]!]!;
      expect(Array.from(forest.leafValues.subarray(leaf * 3, leaf * 3 + 3))).toEqual(shares);
    }
  });

  it('match a brute force bit for bit, with 1 thread and with several', async () => {
    const data = rowsOf(9000, 2);
    const forest = await trainForest(data, { ...params, threads: 2 });
    const expected = bruteForce(forest, data);
    expect(await oobProbabilities(forest, data.features)).toEqual(expected);
    // 9,000 rows are three chunks: the calling thread and two workers share them.
    expect(await oobProbabilities(forest, data.features, 3, 0)).toEqual(expected);
    const estimated = Array.from({ length: 9000 }, (_, r) => expected[r * 3]!).filter((v) => !Number.isNaN(v)).length;
    expect(estimated).toBeGreaterThan(8990);
  });

  it('give NaN exactly for the rows every tree drew', async () => {
    const data = rowsOf(2000, 3);
    const p = { ...params, trees: 2, sampleFraction: 1 };
    const forest = await trainForest(data, p);
    const oob = await oobProbabilities(forest, data.features);
    const drawn = drawnRows(p, 2000);
    const everyTree = Array.from({ length: 2000 }, (_, r) => drawn[0]![r]! && drawn[1]![r]!);
    // about (1 - 1/e)^2 of the rows
    expect(everyTree.filter(Boolean).length).toBeGreaterThan(600);
    for (let r = 0; r < 2000; r++) {
      const row = Array.from(oob.subarray(r * 3, r * 3 + 3));
      if (everyTree[r]) expect(row.every(Number.isNaN)).toBe(true);
      else expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    expect(oob).toEqual(bruteForce(forest, data));
  });

  it('refuse rows other than the training rows when their count shows it', async () => {
    const data = rowsOf(1000, 4);
    const forest = await trainForest(data, params);
    await expect(oobProbabilities(forest, data.features.map((c) => c.subarray(0, 900)))).rejects.toThrow(/drew 632 rows each, 900 training rows would give 569/);
  });
});
