import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_FOREST_PARAMS, predictProbaParallel, trainForest, type Forest, type ForestParams } from '../../ml/forest/index.js';
import { CLASSES, macroF1, readNpy } from './data.js';

/**
 * One lakescore measurement in its own process (so peak RSS is its own):
 * node dist/bench/forest/run-lakescore.js <dir> <runs> [threads] [trees] [rowLimit]
 * Prints one JSON line.
 */
async function main(): Promise<void> {
  const [dir, runsArg, threadsArg, treesArg, limitArg] = process.argv.slice(2);
  if (dir === undefined) throw new Error('usage: run-lakescore <dir> <runs> [threads] [trees] [rowLimit]');
  const runs = Number(runsArg ?? 3);
  const train = readNpy(join(dir, 'X_train.npy'), join(dir, 'y_train.npy'));
  const test = readNpy(join(dir, 'X_test.npy'), join(dir, 'y_test.npy'));
  const limit = limitArg === undefined ? train.labels.length : Number(limitArg);
  const features = train.features.map((c) => c.subarray(0, limit));
  const labels = train.labels.subarray(0, limit);
  const params: ForestParams = { ...DEFAULT_FOREST_PARAMS, trees: Number(treesArg ?? 100), threads: Number(threadsArg ?? 2), seed: 7 };
  const fit: number[] = [];
  const predict: number[] = [];
  let forest: Forest | null = null;
  let f1 = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    forest = await trainForest({ features, labels, classCount: CLASSES }, params);
    fit.push((performance.now() - t0) / 1000);
    const t1 = performance.now();
    const proba = await predictProbaParallel(forest, test.features, params.threads);
    predict.push((performance.now() - t1) / 1000);
    f1 = macroF1(proba, test.labels, CLASSES);
  }
  const nodes = forest === null ? 0 : forest.feature.length;
  console.log(JSON.stringify({ fit, predict, f1, nodes, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
