import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../bronze/simulate/manifest.js';
import { OUTPUT_FORMATS } from '../bronze/simulate/sinks.js';
import { benchRoot, intEnv, CLI, measure, printTable, repeat } from './harness.js';

/**
 * Simulator throughput: 1,000 machines x 365 days (8.76 M telemetry rows) in each output format,
 * each run a fresh process (wall time includes Node start-up). Measures; asserts nothing.
 */
const RUNS = intEnv('LAKESCORE_BENCH_RUNS', 3);
const MACHINES = 1000;
const DAYS = 365;
const root = benchRoot();

function totalRows(out: string): number {
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
  return Object.values(manifest.tables).reduce((sum, t) => sum + t.rows_written, 0);
}

function totalMegabytes(out: string): number {
  return readdirSync(out).reduce((sum, name) => sum + statSync(join(out, name)).size, 0) / 2 ** 20;
}

const rows: (string | number)[][] = [];
for (const format of OUTPUT_FORMATS) {
  const out = join(root, `simulate-${format}`);
  let written = 0;
  let megabytes = 0;
  const result = repeat(RUNS, () => {
    rmSync(out, { recursive: true, force: true });
    const args = ['simulate', '--machines', String(MACHINES), '--days', String(DAYS), '--from', '2015-01-01', '--seed', '42', '--format', format, '--out', out];
    const measurement = measure([CLI, ...args]);
    written = totalRows(out);
    megabytes = totalMegabytes(out);
    return measurement;
  });
  rmSync(out, { recursive: true, force: true });
  rows.push([format, result.seconds.toFixed(2), Math.round(written / result.seconds).toLocaleString('en-US'), result.peakRssMb.toFixed(0), megabytes.toFixed(0), result.all.map((s) => s.toFixed(1)).join(' / ')]);
}

printTable(
  `lakescore simulate, ${MACHINES.toLocaleString('en-US')} machines x ${DAYS} days (median of ${RUNS}, fresh process each)`,
  ['format', 'seconds', 'rows/s', 'peak MB', 'output MB', 'runs (s)'],
  rows,
);
