import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../sql/paths.js';
import { benchRoot, intEnv, CLI, measure, printTable, repeat, simulatedFleet } from './harness.js';

/**
 * Gold build for simulated fleets of 100 and 1,000 machines x 365 days: wall time, input rows
 * per second and peak memory, median of several fresh processes; linear scaling shows in the
 * ratio of the two sizes. Peer: the same telemetry window features written as DuckDB RANGE
 * window frames over the grid and readings (bench/range_windows.sql), on the same silver.
 */
const RUNS = intEnv('LAKESCORE_BENCH_RUNS', 3);
const root = benchRoot();

function lakeWithSilver(machines: number): string {
  const lake = join(root, `gold-lake-${machines}`);
  if (!existsSync(join(lake, '_catalog'))) {
    const fleet = simulatedFleet(root, machines, 365);
    measure([CLI, '--lake', lake, 'ingest', fleet]);
    measure([CLI, '--lake', lake, 'build', 'silver']);
  }
  return lake;
}

function inputRows(lake: string): number {
  const out = measure([CLI, '--lake', lake, 'sql', 'SELECT input_rows FROM gold_builds ORDER BY build_id DESC LIMIT 1', '--format', 'csv']);
  return Number(out.stdout.trim().split('\n')[1]);
}

const peerScript = `
  import { readFileSync } from 'node:fs';
  import { LakeSession } from ${JSON.stringify(join(packageRoot, 'dist', 'sql', 'duckdb.js'))};
  const session = await LakeSession.open(process.argv[1]);
  await session.run(readFileSync(${JSON.stringify(join(packageRoot, 'bench', 'range_windows.sql'))}, 'utf8'));
  session.close();`;

const rows: (string | number)[][] = [];
const perRow: number[] = [];
for (const machines of [100, 1000]) {
  const lake = lakeWithSilver(machines);
  const ours = repeat(RUNS, () => measure([CLI, '--lake', lake, 'build', 'gold']));
  const input = inputRows(lake);
  const peer = repeat(RUNS, () => measure(['--input-type=module', '-e', peerScript, lake], { cwd: packageRoot }));
  perRow.push(ours.seconds / input);
  rows.push(
    [`gold build, ${machines} machines`, ours.seconds.toFixed(2), input.toLocaleString('en-US'), Math.round(input / ours.seconds).toLocaleString('en-US'), ours.peakRssMb.toFixed(0)],
    [`peer: RANGE windows (telemetry only), ${machines}`, peer.seconds.toFixed(2), '', '', peer.peakRssMb.toFixed(0)],
    [`ratio peer / lakescore, ${machines}`, (peer.seconds / ours.seconds).toFixed(2), '', '', ''],
  );
}
printTable(`gold build, 365 days (median of ${RUNS})`, ['run', 'seconds', 'input rows', 'input rows/s', 'peak MB'], rows);
process.stdout.write(`seconds per input row, 1,000 vs 100 machines: ${((perRow[1] ?? 0) / (perRow[0] ?? 1)).toFixed(2)}x (1.00 = linear)\n`);
