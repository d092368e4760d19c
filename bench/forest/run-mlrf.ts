import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { CLASSES, macroF1, readNpy } from './data.js';

/**
 * Reference run of the npm package ml-random-forest (installed outside the repository):
 * node dist/bench/forest/run-mlrf.js <dataDir> <installPrefix> <rows> <trees>
 * It has no missing-value support, so NaN is replaced by a per-column sentinel below the minimum.
 */
interface MlRf {
  train(x: number[][], y: number[]): void;
  predict(x: number[][]): number[];
}
type MlRfCtor = new (options: Record<string, unknown>) => MlRf;

function rowsOf(features: Float64Array[], rows: number, sentinel: number[]): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: number[] = [];
    for (let f = 0; f < features.length; f++) {
      const x = features[f]![r]!;
      row.push(x === x ? x : sentinel[f]!);
    }
    out.push(row);
  }
  return out;
}

async function main(): Promise<void> {
  const [dir, prefix, rowsArg, treesArg] = process.argv.slice(2);
  if (dir === undefined || prefix === undefined) throw new Error('usage: run-mlrf <dataDir> <installPrefix> [rows] [trees]');
  const entry = join(prefix, 'node_modules', 'ml-random-forest', 'random-forest.js');
  if (!existsSync(entry)) throw new Error(`ml-random-forest not installed under ${prefix}`);
  const mod = (await import(pathToFileURL(entry).href)) as { RandomForestClassifier?: MlRfCtor; default?: { RandomForestClassifier: MlRfCtor } };
  const Ctor = mod.RandomForestClassifier ?? mod.default?.RandomForestClassifier;
  if (Ctor === undefined) throw new Error('ml-random-forest: RandomForestClassifier export not found');
  const rows = Number(rowsArg ?? 50_000);
  const trees = Number(treesArg ?? 100);
  const train = readNpy(join(dir, 'X_train.npy'), join(dir, 'y_train.npy'));
  const test = readNpy(join(dir, 'X_test.npy'), join(dir, 'y_test.npy'));
  const sentinel = train.features.map((col) => {
    let min = Infinity;
    for (let i = 0; i < col.length; i++) if (col[i]! < min) min = col[i]!;
    return min - 1;
  });
  const x = rowsOf(train.features, rows, sentinel);
  const y = Array.from(train.labels.subarray(0, rows));
  const testRows = test.labels.length;
  const xt = rowsOf(test.features, testRows, sentinel);
  // Per-tree feature bagging only (no per-split subset); 0.5 of the features per tree.
  const rf = new Ctor({ seed: 7, maxFeatures: 0.5, replacement: true, useSampleBagging: true, nEstimators: trees, noOOB: true, treeOptions: { maxDepth: 15, minNumSamples: 2 } });
  const t0 = performance.now();
  rf.train(x, y);
  const fit = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const pred = rf.predict(xt);
  const predict = (performance.now() - t1) / 1000;
  const proba = new Float64Array(testRows * CLASSES);
  for (let r = 0; r < testRows; r++) proba[r * CLASSES + pred[r]!] = 1;
  console.log(JSON.stringify({ fit: [fit], predict: [predict], f1: macroF1(proba, test.labels, CLASSES), maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
