import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { ingest } from '../bronze/ingest.js';
import { simulate } from '../bronze/simulate/simulate.js';
import { hoursDuration } from '../fleet/duration.js';
import { builtInFleet } from '../fleet/load.js';
import { buildGold } from '../gold/build.js';
import { fleetParams, type FeatureParams } from '../gold/params.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { buildSilver } from '../silver/build.js';
import { LakeSession, type Row } from '../sql/duckdb.js';
import { packageRoot } from '../sql/paths.js';

/** The public data set, read in place from ../shared (never copied into the repository). */
export const PUBLIC_DATA = resolve(packageRoot, '..', 'shared', 'data', 'azure-pdm');

/** The built-in fleet definition (the public data set's shape) and its feature defaults. */
export const FLEET = builtInFleet();
export const DEFAULT_PARAMS: FeatureParams = fleetParams(FLEET);

/** The default features with the step, windows and horizon given in hours. */
export function hourParams(p: { stepHours: number; windowsHours: number[]; horizonHours: number }): FeatureParams {
  return { ...DEFAULT_PARAMS, step: hoursDuration(p.stepHours), windows: p.windowsHours.map(hoursDuration), horizon: hoursDuration(p.horizonHours) };
}

export interface TempDir {
  path: string;
  remove: () => void;
}

export function tempDir(prefix = 'lakescore-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Gives every test of the calling file a new temporary directory and a lake path inside it. */
export function eachTestInTempLake(use: (dir: TempDir, lake: string) => void): void {
  let current: TempDir | undefined;
  beforeEach(() => {
    current = tempDir();
    use(current, join(current.path, 'lake'));
  });
  afterEach(() => current?.remove());
}

/** Opens a writer session, runs `fn`, and always closes it. */
export function withWriter<T>(lake: string, fn: (session: LakeSession) => Promise<T>): Promise<T> {
  return LakeSession.using(lake, { write: { command: 'test', waitSeconds: 0 } }, fn);
}

/** Runs a query on a fresh reader session over the lake's current catalog, every layer's tables declared. */
export function readLake(lake: string, sql: string, prepare: (s: LakeSession) => Promise<void> = (s) => declareAllTables(s, FLEET)): Promise<Row[]> {
  return LakeSession.using(lake, {}, async (session) => {
    await prepare(session);
    return session.query(sql);
  });
}

/** The real binary, as users run it: `npm test` builds dist/ before vitest runs. */
export const BIN = join(packageRoot, 'dist', 'cli', 'main.js');

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the lakescore binary to its end, in `cwd` (where a ./lakescore.yaml would be read). */
export function runCli(args: readonly string[], env: Record<string, string> = {}, cwd?: string): CliOutcome {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, ...(cwd === undefined ? {} : { cwd }) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Another process holding the lake's writer lock until it is killed (as with kill -9). It has to
 * be another process: POSIX locks belong to a process, so a session of the test's own would not
 * keep the test's next session out.
 */
export async function lockHolder(lake: string, command: string): Promise<{ pid: number; kill: () => Promise<void> }> {
  const holder = spawn(process.execPath, [
    '--input-type=module',
    '-e',
    `import { LakeSession } from ${JSON.stringify(join(packageRoot, 'dist', 'sql', 'duckdb.js'))};
     await LakeSession.open(${JSON.stringify(lake)}, { write: { command: ${JSON.stringify(command)}, waitSeconds: 0 } });
     process.stdout.write('held\\n');
     setTimeout(() => process.exit(0), 20000);`,
  ]);
  await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
  const exited = new Promise((resolve) => holder.once('exit', resolve));
  return {
    pid: holder.pid as number,
    kill: async () => {
      holder.kill('SIGKILL');
      await exited;
    },
  };
}

/** A lake of a fleet simulated from 2015-01-01 (written to `sim`), loaded, with silver and gold built: ready to train. */
export async function builtLake(lake: string, sim: string, fleet: { machines: number; days: number; seed: number }): Promise<void> {
  await simulate({ ...fleet, from: '2015-01-01', format: 'csv', dirty: 0, out: sim });
  await withWriter(lake, async (s) => {
    await ingest(s, FLEET, [sim]);
    await buildSilver(s, FLEET, { force: false });
    await buildGold(s, { fleet: FLEET, params: DEFAULT_PARAMS, reset: false });
  });
}

/** A simulated fleet from 2015-01-01 (in ROOT/sim) that a feed delivers into ROOT/inbox in two drops, split at a time. */
export interface TwoDropFeed {
  inbox: string;
  /** Writes one drop's files: each table's rows before the split (1) or from it (2); the asset table comes whole in drop 1. */
  deliver: (part: 1 | 2) => void;
}

export async function twoDropFeed(root: string, fleet: { machines: number; days: number; seed: number }, split: string): Promise<TwoDropFeed> {
  const sim = join(root, 'sim');
  const inbox = join(root, 'inbox');
  mkdirSync(inbox);
  await simulate({ ...fleet, from: '2015-01-01', format: 'csv', dirty: 0, out: sim });
  const deliver = (part: 1 | 2): void => {
    for (const table of ['telemetry', 'errors', 'maint', 'failures', 'machines']) {
      const [header, ...rows] = readFileSync(join(sim, `${table}.csv`), 'utf8').trimEnd().split('\n');
      const kept = table === 'machines' ? (part === 1 ? rows : []) : rows.filter((row) => (row.slice(0, 19) < split) === (part === 1));
      if (kept.length) writeFileSync(join(inbox, `${table}-drop${part}.csv`), [header, ...kept].join('\n') + '\n');
    }
  };
  return { inbox, deliver };
}
