import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../sql/paths.js';
import { syntheticDataset, writeNpy } from './data.js';

/**
 * Random-forest benchmark: lakescore vs scikit-learn (and ml-random-forest on a subset) on the
 * same synthetic data shaped like the gold table. Each library runs in its own process so that
 * peak RSS is its own.
 *
 *   node dist/bench/forest/forest-bench.js [--rows 730000] [--test-rows 200000] [--runs 3]
 *     [--sklearn-runs 3] [--threads 2] [--trees 100] [--no-sklearn] [--no-mlrf] [--mlrf-rows 50000] [--mlrf-trees 100]
 *     [--mlrf-timeout 900]
 * Each result is also printed to stderr as soon as it is measured.
 */
interface Result {
  fit: number[];
  predict: number[];
  f1: number;
  maxRssMB: number;
  nodes?: number;
  sklearn?: string;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const flag = (name: string): boolean => process.argv.includes(name);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function run(cmd: string, args: string[], what: string, timeoutSeconds = 0): Result | null {
  const started = Date.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: timeoutSeconds * 1000 });
  if (r.status !== 0) {
    const why = r.signal !== null ? `stopped after ${timeoutSeconds} s` : `exit ${r.status}`;
    console.error(`${what} failed (${why}): ${r.stderr || r.error?.message || ''}`);
    return null;
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const out = JSON.parse(line) as Result;
  console.error(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${fmt(out)}`);
  return out;
}

function ensureSklearn(): boolean {
  const py = '/usr/bin/python3';
  const check = (): boolean => spawnSync(py, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
  if (check()) return true;
  console.error('installing python3-sklearn with apt-get ...');
  let r = spawnSync('apt-get', ['install', '-y', 'python3-sklearn'], { stdio: 'ignore' });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    r = spawnSync('apt-get', ['install', '-y', 'python3-sklearn'], { stdio: 'ignore' });
  }
  return check();
}

function ensureMlRf(prefix: string): boolean {
  if (existsSync(join(prefix, 'node_modules', 'ml-random-forest', 'package.json'))) return true;
  console.error(`installing ml-random-forest under ${prefix} (not a project dependency) ...`);
  const r = spawnSync('npm', ['i', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', 'ml-random-forest'], { stdio: 'ignore' });
  return r.status === 0 && existsSync(join(prefix, 'node_modules', 'ml-random-forest', 'package.json'));
}

function fmt(r: Result): string {
  return `fit ${median(r.fit).toFixed(2)} s [${r.fit.map((x) => x.toFixed(2)).join(', ')}]  predict ${median(r.predict).toFixed(3)} s  macro F1 ${r.f1.toFixed(4)}  peak RSS ${r.maxRssMB.toFixed(0)} MB`;
}

function main(): void {
  const rows = arg('--rows', 730_000);
  const testRows = arg('--test-rows', 200_000);
  const runs = arg('--runs', 3);
  const skRuns = arg('--sklearn-runs', 3);
  const threads = arg('--threads', 2);
  const trees = arg('--trees', 100);
  const mlrfRows = arg('--mlrf-rows', 50_000);
  const mlrfTrees = arg('--mlrf-trees', 100);
  const here = fileURLToPath(new URL('.', import.meta.url));
  // --data DIR: .npy files exported from a lake's gold table (bench/gold-export.ts); otherwise synthetic
  const given = process.argv.includes('--data') ? process.argv[process.argv.indexOf('--data') + 1] : undefined;
  const dir = given ?? mkdtempSync(join(tmpdir(), 'lakescore-forest-bench-'));
  try {
    if (given === undefined) {
      console.error(`data: ${rows} train + ${testRows} test rows x 35 synthetic features, 5 classes, in ${dir}`);
      const data = syntheticDataset(rows + testRows, 12345);
      writeNpy(join(dir, 'X_train.npy'), join(dir, 'y_train.npy'), data, 0, rows);
      writeNpy(join(dir, 'X_test.npy'), join(dir, 'y_test.npy'), data, rows, rows + testRows);
    } else console.error(`data: gold exported in ${dir}`);

    const ours = run(process.execPath, [join(here, 'run-lakescore.js'), dir, String(runs), String(threads), String(trees)], 'lakescore');
    let sk: Result | null = null;
    if (!flag('--no-sklearn') && skRuns > 0) {
      if (ensureSklearn()) {
        sk = run('/usr/bin/python3', [join(packageRoot, 'bench', 'forest', 'sklearn_rf.py'), dir, String(skRuns), String(threads), String(trees)], 'scikit-learn');
      } else console.error('scikit-learn unavailable: skipped');
    }
    let mlrf: Result | null = null;
    let oursSmall: Result | null = null;
    if (!flag('--no-mlrf')) {
      const prefix = join(tmpdir(), 'mlrf');
      if (ensureMlRf(prefix)) {
        mlrf = run(process.execPath, [join(here, 'run-mlrf.js'), dir, prefix, String(mlrfRows), String(mlrfTrees)], 'ml-random-forest', arg('--mlrf-timeout', 900));
        oursSmall = run(process.execPath, [join(here, 'run-lakescore.js'), dir, '1', '1', String(mlrfTrees), String(mlrfRows)], 'lakescore (subset, 1 thread)');
      } else console.error('ml-random-forest did not install: skipped');
      if (mlrf === null && oursSmall !== null) console.log(`lakescore on the ${mlrfRows}-row subset: ${fmt(oursSmall)}`);
    }

    console.log(`\nRandom forest, ${trees} trees, depth 15, sqrt features, bootstrap 0.632, ${threads} threads; data: ${given ?? `synthetic ${rows} train, ${testRows} test`}`);
    if (ours) console.log(`lakescore     ${fmt(ours)}  (${ours.nodes} nodes)`);
    if (sk) console.log(`scikit-learn  ${fmt(sk)}  (${sk.nodes} nodes, v${sk.sklearn}, ${sk.fit.length} run(s))`);
    if (ours && sk) {
      console.log(`ratios: fit ${(median(sk.fit) / median(ours.fit)).toFixed(1)}x faster, predict ${(median(sk.predict) / median(ours.predict)).toFixed(2)}x faster, ` +
        `F1 delta ${(ours.f1 - sk.f1).toFixed(4)}, peak RSS ${(ours.maxRssMB / sk.maxRssMB).toFixed(2)}x of scikit-learn's`);
    }
    if (mlrf && oursSmall) {
      console.log(`\n${mlrfRows}-row subset, ${mlrfTrees} trees, 1 thread (ml-random-forest: per-tree feature bagging 0.5, NaN -> sentinel):`);
      console.log(`ml-random-forest  ${fmt(mlrf)}`);
      console.log(`lakescore         ${fmt(oursSmall)}`);
      console.log(`ratio: fit ${(median(mlrf.fit) / median(oursSmall.fit)).toFixed(1)}x faster`);
    }
  } finally {
    if (given === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

main();
