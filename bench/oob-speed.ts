import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bagWords, inBagBits } from '../ml/forest/bootstrap.js';
import { DEFAULT_FOREST_PARAMS, oobProbabilities, parseForest, predictProbaParallel, serializeForest, trainForest } from '../ml/forest/index.js';
import { CLASSES, syntheticDataset } from './forest/data.js';
import { printTable } from './harness.js';

/**
 * Out-of-bag probabilities of a forest's training rows: a forest of 100 trees is fitted on
 * synthetic gold-shaped rows (bench/forest/data.ts), then a fresh process per thread count reads
 * it back, makes the rows again and times the in-bag bits alone, oobProbabilities (bits included)
 * and, for comparison, predictProba of the same rows; its peak RSS is read before and after.
 *
 *   node dist/bench/oob-speed.js [rows (500000)] [trees (100)] [threads to try (1,2)]
 */

const SEED = 3;
const MB = 1024;

interface ChildResult {
  rows: number;
  bitsSeconds: number;
  oobSeconds: number;
  predictSeconds: number;
  rowsWithoutOob: number;
  rssBeforeMb: number;
  rssAfterOobMb: number;
}

const seconds = async (run: () => unknown): Promise<number> => {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
};

async function child(modelPath: string, rows: number, threads: number): Promise<ChildResult> {
  const forest = parseForest(readFileSync(modelPath), modelPath);
  const { features } = syntheticDataset(rows, SEED);
  const rssBeforeMb = process.resourceUsage().maxRSS / MB;
  const bitsSeconds = await seconds(() => inBagBits(forest.params, rows, new Uint32Array(forest.treeCount * bagWords(rows))));
  let oob: Float64Array = new Float64Array(0);
  const oobSeconds = await seconds(async () => {
    oob = await oobProbabilities(forest, features, threads);
  });
  const rssAfterOobMb = process.resourceUsage().maxRSS / MB;
  const predictSeconds = await seconds(() => predictProbaParallel(forest, features, threads));
  let rowsWithoutOob = 0;
  for (let r = 0; r < rows; r++) rowsWithoutOob += Number.isNaN(oob[r * CLASSES]) ? 1 : 0;
  return { rows, bitsSeconds, oobSeconds, predictSeconds, rowsWithoutOob, rssBeforeMb, rssAfterOobMb };
}

async function main(): Promise<void> {
  const [rowsArg = '500000', treesArg = '100', threadsArg = '1,2'] = process.argv.slice(2);
  const rows = Number(rowsArg);
  const dir = mkdtempSync(join(tmpdir(), 'lakescore-oob-'));
  try {
    const data = syntheticDataset(rows, SEED);
    const fitSeconds = await seconds(async () => {
      const forest = await trainForest({ ...data, classCount: CLASSES }, { ...DEFAULT_FOREST_PARAMS, trees: Number(treesArg), threads: 2 });
      writeFileSync(join(dir, 'forest.bin'), serializeForest(forest));
    });
    console.log(`${rows} rows x ${data.features.length} features, ${treesArg} trees fitted in ${fitSeconds.toFixed(1)} s (2 threads)`);
    const table = threadsArg.split(',').map((threads) => {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', join(dir, 'forest.bin'), String(rows), threads], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`child failed: ${run.stderr}`);
      const r = JSON.parse(run.stdout) as ChildResult;
      return [threads, r.bitsSeconds.toFixed(2), r.oobSeconds.toFixed(2), r.predictSeconds.toFixed(2), r.rowsWithoutOob, r.rssBeforeMb.toFixed(0), r.rssAfterOobMb.toFixed(0)];
    });
    printTable('out-of-bag probabilities of the training rows', ['threads', 'in-bag bits s', 'oob s (bits incl.)', 'predict s', 'rows without oob', 'peak RSS before MB', 'after oob MB'], table);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , modelPath = '', rows = '0', threads = '1'] = process.argv;
  process.stdout.write(JSON.stringify(await child(modelPath, Number(rows), Number(threads))));
} else {
  await main();
}
