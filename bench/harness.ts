import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
  stderr: string;
  status: number;
}

export interface MeasureOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Whether a non-zero exit is an expected outcome rather than a failure (by default none is). */
  accept?: (status: number, stderr: string) => boolean;
  /** More modules to preload into the measured process (`node --import`), e.g. a profiler. */
  imports?: string[];
}

export function measure(args: string[], options: MeasureOptions = {}): Measurement {
  const scratch = mkdtempSync(join(tmpdir(), 'lakescore-bench-'));
  const rssFile = join(scratch, 'rss');
  const preloads = [PRELOAD, ...(options.imports ?? [])].flatMap((module) => ['--import', module]);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...preloads, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env, LAKESCORE_BENCH_RSS_FILE: rssFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const status = result.status ?? -1;
  if (status !== 0 && !options.accept?.(status, result.stderr)) throw new Error(`${args.join(' ')} failed (${status}): ${result.stderr}`);
  const peakRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(scratch, { recursive: true, force: true });
  return { seconds, peakRssMb, stdout: result.stdout, stderr: result.stderr, status };
}

/** The same for a program that is not Node.js (a peer such as psql), its peak memory read by GNU time. */
export function measureProgram(program: string, args: string[], env: Record<string, string> = {}): Measurement {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', program, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const peakKb = Number(result.stderr.trim().split('\n').at(-1));
  return { seconds, peakRssMb: peakKb / 1024, stdout: result.stdout, stderr: result.stderr, status: 0 };
}

/** A positive whole number from the environment, or the fallback when it is unset or empty. */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a positive whole number, got ${raw}`);
  return value;
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

/** Bytes of every file under a directory (a lake on disk). */
export function lakeBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    bytes += entry.isDirectory() ? lakeBytes(path) : lstatSync(path).size;
  }
  return bytes;
}

export interface NightlyPart {
  step: string;
  status: string;
  seconds: number;
  rows: number | undefined;
}

/** The nightly job's own step lines (LAKE/_logs/lakescore.jsonl), oldest first: where its time went. */
export function nightlyParts(lake: string): NightlyPart[] {
  const log = join(lake, '_logs', 'lakescore.jsonl');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.command === 'run')
    .flatMap((entry) => {
      const part = { step: String(entry.step), status: String(entry.status), seconds: Number(entry.seconds), rows: typeof entry.rows === 'number' ? entry.rows : undefined };
      // scoring's drift is part of its step: shown beside it, so that monitoring's cost can be read off
      return typeof entry.drift_seconds === 'number' ? [part, { ...part, step: `${part.step}: of it, drift`, seconds: entry.drift_seconds }] : [part];
    });
}

/** The day `index` days after `from` (both YYYY-MM-DD, UTC). */
export const dayOf = (from: string, index: number): string => new Date(Date.parse(`${from}T00:00:00Z`) + index * 86_400_000).toISOString().slice(0, 10);

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
