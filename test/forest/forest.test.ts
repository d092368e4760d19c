import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FOREST_PARAMS,
  featureImportance,
  parseForest,
  predictProba,
  predictProbaParallel,
  serializeForest,
  trainForest,
  type Forest,
  type ForestParams,
  type TrainingSet,
} from '../../ml/forest/index.js';
import { Rng } from '../../ml/forest/rng.js';

const base: ForestParams = { ...DEFAULT_FOREST_PARAMS, trees: 20, threads: 1, seed: 3 };

function gauss(rng: Rng): number {
  const u = 1 - rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

/** 3 classes decided by x0 thresholds; x1..x4 are noise. */
function separable(rows: number, seed: number): TrainingSet {
  const rng = new Rng(seed, 99);
  const features = Array.from({ length: 5 }, () => new Float64Array(rows));
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const x = rng.nextFloat() * 3;
    features[0]![r] = x;
    labels[r] = x < 1 ? 0 : x < 2 ? 1 : 2;
    for (let f = 1; f < 5; f++) features[f]![r] = gauss(rng);
  }
  return { features, labels, classCount: 3 };
}

/** Binary task: class 1 when x0 + x1 + noise > 0.5; x2..x5 noise, some NaN in x3. */
function noisy(rows: number, seed: number): TrainingSet {
  const rng = new Rng(seed, 7);
  const features = Array.from({ length: 6 }, () => new Float64Array(rows));
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < 6; f++) features[f]![r] = gauss(rng);
    if (rng.nextFloat() < 0.1) features[3]![r] = NaN;
    labels[r] = features[0]![r]! + features[1]![r]! + 0.5 * gauss(rng) > 0.5 ? 1 : 0;
  }
  return { features, labels, classCount: 2 };
}

function argmaxAccuracy(proba: Float64Array, labels: Uint8Array, classes: number): number {
  let ok = 0;
  for (let r = 0; r < labels.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (proba[r * classes + c]! > proba[r * classes + best]!) best = c;
    if (best === labels[r]) ok++;
  }
  return ok / labels.length;
}

/** Depth of every leaf of tree t, with its sample count. */
function leaves(forest: Forest, t: number): { depth: number; samples: number }[] {
  const out: { depth: number; samples: number }[] = [];
  const stack: [number, number][] = [[forest.treeOffsets[t]!, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (forest.feature[node]! < 0) out.push({ depth, samples: forest.samples[node]! });
    else {
      stack.push([forest.left[node]!, depth + 1]);
      stack.push([forest.right[node]!, depth + 1]);
    }
  }
  return out;
}

describe('random forest core', () => {
  it('learns a separable task perfectly', async () => {
    const train = separable(3000, 1);
    const test = separable(1000, 2);
    const forest = await trainForest(train, base);
    expect(argmaxAccuracy(predictProba(forest, train.features), train.labels, 3)).toBe(1);
    expect(argmaxAccuracy(predictProba(forest, test.features), test.labels, 3)).toBeGreaterThan(0.995);
    const imp = featureImportance(forest);
    expect(imp[0]).toBeGreaterThan(0.9);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('learns a noisy task well, with any maxFeatures setting and balanced weights', async () => {
    const train = noisy(6000, 3);
    const test = noisy(3000, 4);
    for (const maxFeatures of ['sqrt', 'log2', 'all', 3, 0.5] as const) {
      const forest = await trainForest(train, { ...base, maxFeatures, maxDepth: 8 });
      expect(argmaxAccuracy(predictProba(forest, test.features), test.labels, 2)).toBeGreaterThan(0.85);
    }
    const balanced = await trainForest(train, { ...base, classWeight: 'balanced', maxDepth: 8 });
    expect(argmaxAccuracy(predictProba(balanced, test.features), test.labels, 2)).toBeGreaterThan(0.85);
  });

  it('respects maxDepth and minSamplesLeaf', async () => {
    const train = noisy(5000, 5);
    const forest = await trainForest(train, { ...base, trees: 8, maxDepth: 4, minSamplesLeaf: 30 });
    let deepest = 0;
    for (let t = 0; t < forest.treeCount; t++) {
      for (const leaf of leaves(forest, t)) {
        expect(leaf.depth).toBeLessThanOrEqual(4);
        expect(leaf.samples).toBeGreaterThanOrEqual(30);
        deepest = Math.max(deepest, leaf.depth);
      }
      // Root samples = round(0.632 * rows) bootstrap draws.
      expect(forest.samples[forest.treeOffsets[t]!]).toBe(Math.round(0.632 * 5000));
    }
    expect(deepest).toBe(4);
    const stumps = await trainForest(train, { ...base, trees: 3, maxDepth: 1 });
    for (let t = 0; t < 3; t++) expect(stumps.treeOffsets[t + 1]! - stumps.treeOffsets[t]!).toBe(3);
  });

  it('gives probabilities that sum to 1', async () => {
    const train = separable(2000, 6);
    const forest = await trainForest(train, { ...base, maxDepth: 3 });
    const proba = predictProba(forest, noisy(500, 7).features.slice(0, 5));
    for (let r = 0; r < 500; r++) {
      let sum = 0;
      for (let c = 0; c < 3; c++) {
        const p = proba[r * 3 + c]!;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        sum += p;
      }
      expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
    }
  });

  it('is deterministic: same seed gives the same bytes with 1 and 2 threads; another seed differs', async () => {
    const train = noisy(4000, 8);
    const p = { ...base, trees: 12 };
    const one = serializeForest(await trainForest(train, { ...p, threads: 1 }));
    const done: number[] = [];
    const two = serializeForest(await trainForest(train, { ...p, threads: 2 }, (d, total) => {
      expect(total).toBe(12);
      done.push(d);
    }));
    expect(done).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // The params record the thread count; everything else must match byte for byte.
    const twoAs1 = serializeForest({ ...parseForest(two, 'two'), params: { ...p, threads: 1 } });
    expect(Buffer.compare(one, twoAs1)).toBe(0);
    const again = serializeForest(await trainForest(train, { ...p, threads: 1 }));
    expect(Buffer.compare(one, again)).toBe(0);
    // A second 2-thread training of the same size reuses the shared code tables.
    const twoAgain = serializeForest({ ...parseForest(serializeForest(await trainForest(train, { ...p, threads: 2 })), 'two'), params: { ...p, threads: 1 } });
    expect(Buffer.compare(one, twoAgain)).toBe(0);
    const other = serializeForest(await trainForest(train, { ...p, seed: 4 }));
    expect(Buffer.compare(one, other)).not.toBe(0);
  });

  it('learns from missingness: a feature missing exactly when the class is positive', async () => {
    const rng = new Rng(1, 1);
    const rows = 3000;
    const features = [new Float64Array(rows), new Float64Array(rows), new Float64Array(rows)];
    const labels = new Uint8Array(rows);
    for (let r = 0; r < rows; r++) {
      labels[r] = rng.nextFloat() < 0.2 ? 1 : 0;
      features[0]![r] = labels[r] === 1 ? NaN : gauss(rng);
      features[1]![r] = gauss(rng);
      features[2]![r] = gauss(rng);
    }
    const forest = await trainForest({ features, labels, classCount: 2 }, { ...base, maxFeatures: 'all', trees: 5 });
    expect(argmaxAccuracy(predictProba(forest, features), labels, 2)).toBe(1);
    // New rows: NaN -> class 1, any value (even unseen extremes) -> class 0.
    const probe = [new Float64Array([NaN, 1e9, -1e9, 0.3]), new Float64Array(4), new Float64Array(4)];
    const p = predictProba(forest, probe);
    expect(Array.from({ length: 4 }, (_, r) => (p[r * 2 + 1]! > 0.5 ? 1 : 0))).toEqual([1, 0, 0, 0]);
  });

  it('handles constant, all-missing, few-valued and infinite features', async () => {
    const rows = 1000;
    const rng = new Rng(2, 2);
    const constant = new Float64Array(rows).fill(5);
    const allNaN = new Float64Array(rows).fill(NaN);
    const small = new Float64Array(rows);
    const inf = new Float64Array(rows);
    const labels = new Uint8Array(rows);
    for (let r = 0; r < rows; r++) {
      small[r] = rng.nextInt(3);
      labels[r] = small[r] === 2 ? 1 : 0;
      inf[r] = r % 3 === 0 ? Infinity : r % 3 === 1 ? -Infinity : gauss(rng);
    }
    const forest = await trainForest({ features: [constant, allNaN, small, inf], labels, classCount: 2 }, { ...base, maxFeatures: 'all', trees: 3 });
    expect(argmaxAccuracy(predictProba(forest, [constant, allNaN, small, inf]), labels, 2)).toBe(1);
    expect(featureImportance(forest)[2]).toBeCloseTo(1, 12);
  });

  it('round-trips through bytes with bit-identical predictions', async () => {
    const train = noisy(3000, 9);
    const forest = await trainForest(train, base);
    const bytes = serializeForest(forest);
    const loaded = parseForest(bytes, 'model.lkrf');
    const probe = noisy(9000, 10).features; // > 2 chunks of 4096 rows: the parallel call below really uses 2 workers
    probe[0]![0] = NaN;
    probe[1]![1] = Infinity;
    const a = predictProba(forest, probe);
    const b = predictProba(loaded, probe);
    expect(Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer))).toBe(0);
    expect(loaded.params).toEqual(forest.params);
    expect(Array.from(featureImportance(loaded))).toEqual(Array.from(featureImportance(forest)));
    expect(Buffer.compare(serializeForest(loaded), bytes)).toBe(0);
    // Scoring split over worker threads gives the same bits.
    const parallel = await predictProbaParallel(loaded, probe, 3, 0);
    expect(Buffer.compare(Buffer.from(a.buffer), Buffer.from(parallel.buffer))).toBe(0);
    // Again: the shared buffers of the first call are reused (output re-zeroed).
    const again = await predictProbaParallel(forest, probe, 2, 0);
    expect(Buffer.compare(Buffer.from(a.buffer), Buffer.from(again.buffer))).toBe(0);
  });

  it('parallel scoring over many chunks (workers reading a copy extended on demand) gives the same bits', async () => {
    const forest = await trainForest(noisy(3000, 21), { ...base, trees: 12 });
    const rows = 30 * 4096 + 123;
    const probe = noisy(rows, 22).features;
    for (let r = 0; r < rows; r += 997) probe[r % 6]![r] = NaN;
    const a = predictProba(forest, probe);
    for (const threads of [2, 3, 4, 2]) {
      const p = await predictProbaParallel(forest, probe, threads, 0);
      expect(Buffer.compare(Buffer.from(a.buffer), Buffer.from(p.buffer))).toBe(0);
    }
  });

  it('packed prediction matches a plain walk of the flat arrays bit for bit', async () => {
    const train = noisy(4000, 13);
    const forest = await trainForest(train, { ...base, trees: 7, maxDepth: 12 });
    const probe = noisy(700, 14).features;
    probe[0]![0] = NaN;
    probe[3]![1] = NaN;
    probe[1]![2] = Infinity;
    probe[2]![3] = -Infinity;
    const C = forest.classCount;
    const expected = new Float64Array(700 * C);
    for (let r = 0; r < 700; r++) {
      for (let t = 0; t < forest.treeCount; t++) {
        let node = forest.treeOffsets[t]!;
        while (forest.feature[node]! >= 0) {
          const v = probe[forest.feature[node]!]![r]!;
          node = v <= forest.threshold[node]! || (Number.isNaN(v) && forest.missingLeft[node] === 1) ? forest.left[node]! : forest.right[node]!;
        }
        for (let c = 0; c < C; c++) expected[r * C + c] = expected[r * C + c]! + forest.leafValues[forest.left[node]! * C + c]!;
      }
      for (let c = 0; c < C; c++) expected[r * C + c] = expected[r * C + c]! / forest.treeCount;
    }
    const got = predictProba(forest, probe);
    expect(Buffer.compare(Buffer.from(expected.buffer), Buffer.from(got.buffer))).toBe(0);
  });

  it('rejects corrupted and truncated model bytes with a clear error', async () => {
    const bytes = serializeForest(await trainForest(separable(500, 11), { ...base, trees: 3 }));
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 20] = flipped[flipped.length - 20]! ^ 0xff;
    expect(() => parseForest(flipped, '/m/flipped.lkrf')).toThrow(/\/m\/flipped\.lkrf: .*checksum mismatch/);
    expect(() => parseForest(bytes.subarray(0, bytes.length - 9), 'cut.lkrf')).toThrow(/cut\.lkrf: .*truncated/);
    expect(() => parseForest(bytes.subarray(0, 30), 'short.lkrf')).toThrow(/short\.lkrf: .*truncated/);
    expect(() => parseForest(bytes.subarray(0, 5), 'tiny.lkrf')).toThrow(/tiny\.lkrf: .*too short/);
    expect(() => parseForest(Buffer.from('PK\x03\x04 not a model at all'), 'zip')).toThrow(/zip: .*magic/);
    const header = Buffer.from(bytes);
    header[14] = 0x7b; // break the JSON header
    expect(() => parseForest(header, 'hdr')).toThrow(/hdr: .*header/);
    const version = Buffer.from(bytes);
    version.writeUInt32LE(99, 4);
    expect(() => parseForest(version, 'v99')).toThrow(/v99: .*version 99/);
    const trailing = Buffer.concat([bytes, Buffer.from([0])]);
    expect(() => parseForest(trailing, 'tail')).toThrow(/tail: .*trailing/);
  });

  it('validates inputs', async () => {
    const train = separable(100, 12);
    await expect(trainForest(train, { ...base, maxDepth: 0 })).rejects.toThrow(/maxDepth/);
    await expect(trainForest(train, { ...base, sampleFraction: 1.5 })).rejects.toThrow(/sampleFraction/);
    await expect(trainForest({ ...train, classCount: 2 }, base)).rejects.toThrow(/label 2/);
    const forest = await trainForest(train, { ...base, trees: 2 });
    expect(() => predictProba(forest, train.features.slice(1))).toThrow(/expects 5 feature columns/);
  });
});
