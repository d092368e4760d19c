import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchRoot, intEnv, CLI, measure, median, printTable, simulatedFleet, type Measurement } from './harness.js';

/**
 * What a retrain costs beside its peer, the training run it contains: on one simulated lake,
 * `lakescore train` over the range a retrain's challenger learns from, then `lakescore retrain`
 * (the same training, plus judging both models on the holdout and the decision's commit),
 * alternating, fresh process each, medians of several runs. Measures; asserts nothing.
 *
 *   LAKESCORE_BENCH_MACHINES (1000), LAKESCORE_BENCH_DAYS (365), LAKESCORE_BENCH_RUNS (3)
 */
const MACHINES = intEnv('LAKESCORE_BENCH_MACHINES', 1000);
const DAYS = intEnv('LAKESCORE_BENCH_DAYS', 365);
const RUNS = intEnv('LAKESCORE_BENCH_RUNS', 3);
const TREES = '100';

const root = benchRoot();
const lake = join(root, `retrain-${MACHINES}x${DAYS}`);
rmSync(lake, { recursive: true, force: true });
const source = simulatedFleet(root, MACHINES, DAYS);
const cli = (...args: string[]) => measure([CLI, '--lake', lake, ...args]);
cli('ingest', source);
cli('build', 'all');

// the first retrain has no champion and promotes; it also tells the window the peer should train on
const first = cli('retrain', '--trees', TREES);
const window = /rows of \[(\d{4}-\d{2}-\d{2}), (\d{4}-\d{2}-\d{2})\)/.exec(first.stdout);
const holdout = /holdout \[(\d{4}-\d{2}-\d{2}), (\d{4}-\d{2}-\d{2})\)/.exec(first.stdout);
if (!window || !holdout) throw new Error(`retrain's output did not name its ranges:\n${first.stdout}`);
const [, from = '', to = ''] = window;
const testTo = holdout[2] ?? '';

const train = { seconds: [] as number[], rss: [] as number[] };
const retrain = { seconds: [] as number[], rss: [] as number[] };
const record = (into: typeof train, m: Measurement): void => {
  into.seconds.push(m.seconds);
  into.rss.push(m.peakRssMb);
};
for (let run = 0; run < RUNS; run++) {
  record(train, cli('train', '--from', from, '--to', to, '--test-to', testTo, '--trees', TREES));
  record(retrain, cli('retrain', '--trees', TREES));
}
printTable(
  `${MACHINES.toLocaleString('en-US')} machines x ${DAYS} days; window [${from}, ${to}), holdout to ${testTo}; ${TREES} trees; ${RUNS} runs each, alternating`,
  ['command', 'median s', 'runs (s)', 'peak MB'],
  [
    ['train (the peer)', median(train.seconds).toFixed(2), train.seconds.map((s) => s.toFixed(1)).join(' '), median(train.rss).toFixed(0)],
    ['retrain', median(retrain.seconds).toFixed(2), retrain.seconds.map((s) => s.toFixed(1)).join(' '), median(retrain.rss).toFixed(0)],
  ],
);
process.stdout.write(`retrain / train: ${(median(retrain.seconds) / median(train.seconds)).toFixed(2)}x time, ${(median(retrain.rss) / median(train.rss)).toFixed(2)}x peak RSS\n`);
