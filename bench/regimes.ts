import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { packageRoot } from '../sql/paths.js';
import { EXAMPLE, exampleDefinition, withoutRegimes } from './cmapss-definition.js';
import { benchRoot, CLI, intEnv, measure, median, printTable, type Measurement } from './harness.js';

/**
 * What regimes cost in gold: C-MAPSS FD002 (53,759 + 33,991 readings, six conditions), gold
 * rebuilt whole (`build gold --reset`, which fits the regimes again) with the example's
 * definition, beside its peer, the same definition without regimes, alternating, fresh process
 * each, medians of several runs. Measures; asserts nothing.
 *
 *   npm run bench:regimes   # LAKESCORE_BENCH_RUNS (3)
 */
const RUNS = intEnv('LAKESCORE_BENCH_RUNS', 3);
const DATA = join(packageRoot, '..', 'shared', 'data', 'cmapss');

const root = join(benchRoot(), 'regimes');
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
const derived = spawnSync(process.execPath, [join(EXAMPLE, 'derive-failures.mjs'), DATA, 'FD002', root], { encoding: 'utf8' });
if (derived.status !== 0) throw new Error(derived.stderr);

const variants = { regimes: exampleDefinition(), 'regimes off (the peer)': withoutRegimes(exampleDefinition()) };
const lakes = Object.entries(variants).map(([name, definition], i) => {
  const fleet = join(root, `fleet-${i}.yaml`);
  writeFileSync(fleet, stringify(definition));
  const lake = join(root, `lake-${i}`);
  const cli = (...args: string[]): Measurement => measure([CLI, '--fleet', fleet, '--lake', lake, ...args]);
  cli('ingest', join(DATA, 'train_FD002.txt.gz'), join(DATA, 'test_FD002.txt.gz'), join(root, 'train_failures.csv'), join(root, 'test_failures.csv'));
  cli('build', 'all');
  return { name, cli, runs: [] as Measurement[] };
});
for (let run = 0; run < RUNS; run++) for (const lake of lakes) lake.runs.push(lake.cli('build', 'gold', '--reset'));
printTable(
  `C-MAPSS FD002, gold rebuilt whole; ${RUNS} runs each, alternating`,
  ['definition', 'median s', 'runs (s)', 'peak MB'],
  lakes.map((l) => [l.name, median(l.runs.map((r) => r.seconds)).toFixed(2), l.runs.map((r) => r.seconds.toFixed(1)).join(' '), median(l.runs.map((r) => r.peakRssMb)).toFixed(0)]),
);
const [withRegimes, peer] = lakes.map((l) => median(l.runs.map((r) => r.seconds)));
process.stdout.write(`regimes / peer: ${((withRegimes ?? 0) / (peer ?? 1)).toFixed(2)}x time\n`);
