import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../sql/paths.js';

/** Shared by the bench scripts: run a command in a fresh process, time it, read its peak memory. */

export const CLI = join(packageRoot, 'dist', 'cli', 'main.js');
const PRELOAD = join(packageRoot, 'dist', 'bench', 'report-rss.js');

export interface Measurement {
  seconds: number;
  peakRssMb: number;
  stdout: string;
}

export function measure(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Measurement {
  const scratch = mkdtempSync(join(tmpdir(), 'lakescore-bench-'));
  const rssFile = join(scratch, 'rss');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', PRELOAD, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env, LAKESCORE_BENCH_RSS_FILE: rssFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const peakRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(scratch, { recursive: true, force: true });
  return { seconds, peakRssMb, stdout: result.stdout };
}

/** The same for a program that is not Node.js (a peer such as psql), its peak memory read by GNU time. */
export function measureProgram(program: string, args: string[], env: Record<string, string> = {}): Measurement {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', program, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const peakKb = Number(result.stderr.trim().split('\n').at(-1));
  return { seconds, peakRssMb: peakKb / 1024, stdout: result.stdout };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs `once` several times (fresh process each) and keeps the medians. */
export function repeat(runs: number, once: (run: number) => Measurement): { seconds: number; peakRssMb: number; all: number[] } {
  const results = Array.from({ length: runs }, (_, run) => once(run));
  return {
    seconds: median(results.map((r) => r.seconds)),
    peakRssMb: median(results.map((r) => r.peakRssMb)),
    all: results.map((r) => r.seconds),
  };
}

/** Simulated source files, made once per shape and reused across bench runs. */
export function simulatedFleet(root: string, machines: number, days: number): string {
  const out = join(root, `sim-${machines}x${days}`);
  try {
    readFileSync(join(out, 'manifest.json'));
  } catch {
    measure([CLI, 'simulate', '--machines', String(machines), '--from', '2015-01-01', '--days', String(days), '--seed', '42', '--out', out]);
  }
  return out;
}

export const benchRoot = (): string => process.env.LAKESCORE_BENCH_DIR ?? join(tmpdir(), 'lakescore-bench');

export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  process.stdout.write(`\n${title}\n`);
  for (const [n, row] of cells.entries()) {
    process.stdout.write(row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ') + '\n');
    if (n === 0) process.stdout.write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  }
}
