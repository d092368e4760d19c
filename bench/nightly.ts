import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BUILT_IN_FLEET_FILE } from '../fleet/load.js';
import { packageRoot } from '../sql/paths.js';
import { DAILY_FLEET_DEFINITION, writeDailyFleet } from './daily-fleet.js';
import { benchRoot, CLI, dayOf, intEnv, lakeBytes, measure, median, nightlyParts, simulatedFleet, type Measurement } from './harness.js';
import { hourlyNights } from './hourly-days.js';
import { newestVersion, writtenSince } from './lake-writes.js';
import { printFleetReport, type BulkResult, type FleetReport, type NightResult } from './nightly-report.js';
import type { ProfileEntry } from './profile-sql.js';

/**
 * What a night costs as the history grows (opt-in, not in CI): two fleets fed night by night
 * through the real CLI, `lakescore run --inbox` in a fresh process each night, against one bulk
 * load and build of the same files. Fleet 1: daily snapshots of many assets (bench/daily-fleet.ts);
 * fleet 2: the built-in hourly simulator, one file per day and table (bench/hourly-days.ts).
 * After night LAKESCORE_BENCH_TRAIN_AFTER a model is trained and promoted, so later nights score.
 * Every night records wall time, peak RSS, its own step seconds (LAKE/_logs/lakescore.jsonl),
 * what it wrote (from the catalogs) and, with the SQL profiler preloaded, where its queries went.
 * The nights are one pass; the bulk figure is the median of LAKESCORE_BENCH_RUNS. Measures; asserts nothing.
 *
 * Environment: LAKESCORE_BENCH_ASSETS (20000) and LAKESCORE_BENCH_DAYS (60) for the daily fleet,
 * LAKESCORE_BENCH_MACHINES (1000) and LAKESCORE_BENCH_HOURLY_DAYS (60) for the hourly one,
 * LAKESCORE_BENCH_FLEETS (daily,hourly), LAKESCORE_BENCH_TRAIN_AFTER (20), LAKESCORE_BENCH_RUNS (3),
 * LAKESCORE_BENCH_INBOX (keep | fresh), LAKESCORE_BENCH_PROFILE (0 turns the SQL profiler off),
 * LAKESCORE_BENCH_DIR (the work directory, as for every bench).
 */
const ASSETS = intEnv('LAKESCORE_BENCH_ASSETS', 20_000);
const DAILY_DAYS = intEnv('LAKESCORE_BENCH_DAYS', 60);
const MACHINES = intEnv('LAKESCORE_BENCH_MACHINES', 1000);
const HOURLY_DAYS = intEnv('LAKESCORE_BENCH_HOURLY_DAYS', 60);
const TRAIN_AFTER = intEnv('LAKESCORE_BENCH_TRAIN_AFTER', 20);
const RUNS = intEnv('LAKESCORE_BENCH_RUNS', 3);
const FLEETS = (process.env.LAKESCORE_BENCH_FLEETS ?? 'daily,hourly').split(',').map((s) => s.trim());
/** keep: the inbox keeps every earlier night's files, as a cron inbox does; fresh: only the night's own. */
const INBOX = process.env.LAKESCORE_BENCH_INBOX ?? 'keep';
const PROFILE = process.env.LAKESCORE_BENCH_PROFILE !== '0';
const PROFILER = join(packageRoot, 'dist', 'bench', 'profile-sql.js');
const DAILY_FROM = '2021-01-01';
const HOURLY_FROM = '2015-01-01';
const SEED = 42;

if (INBOX !== 'keep' && INBOX !== 'fresh') throw new Error(`LAKESCORE_BENCH_INBOX: keep or fresh, got ${INBOX}`);
for (const fleet of FLEETS) if (fleet !== 'daily' && fleet !== 'hourly') throw new Error(`LAKESCORE_BENCH_FLEETS: daily and/or hourly, got ${fleet}`);

interface FleetCase {
  name: string;
  title: string;
  dir: string;
  fleetFile: string;
  from: string;
  /** Per night, the files that arrive, oldest night first. */
  nights: string[][];
}

function dailyCase(): FleetCase {
  const dir = join(benchRoot(), `nightly-daily-${ASSETS}x${DAILY_DAYS}`);
  const files = join(dir, 'files');
  const fleetFile = join(dir, 'drives.yaml');
  mkdirSync(dir, { recursive: true });
  writeFileSync(fleetFile, DAILY_FLEET_DEFINITION);
  const marker = join(files, 'done');
  const paths = existsSync(marker)
    ? (JSON.parse(readFileSync(marker, 'utf8')) as string[])
    : writeDailyFleet({ assets: ASSETS, days: DAILY_DAYS, from: DAILY_FROM, seed: SEED, out: files });
  writeFileSync(marker, JSON.stringify(paths));
  const title = `daily fleet: ${ASSETS.toLocaleString('en-US')} assets x ${DAILY_DAYS} days, one gzip CSV a day (bench/daily-fleet.ts)`;
  return { name: 'daily', title, dir, fleetFile, from: DAILY_FROM, nights: paths.map((p) => [p]) };
}

async function hourlyCase(): Promise<FleetCase> {
  const dir = join(benchRoot(), `nightly-hourly-${MACHINES}x${HOURLY_DAYS}`);
  mkdirSync(dir, { recursive: true });
  const simulated = simulatedFleet(benchRoot(), MACHINES, HOURLY_DAYS);
  const title = `hourly fleet: ${MACHINES.toLocaleString('en-US')} machines x ${HOURLY_DAYS} days, built-in simulator and definition, one CSV per day and table`;
  return { name: 'hourly', title, dir, fleetFile: BUILT_IN_FLEET_FILE, from: HOURLY_FROM, nights: await hourlyNights(simulated, HOURLY_FROM, HOURLY_DAYS) };
}

/** A night before any model exists: `run` skips scoring (exit 0) or, before that change, stops at it with exit 2. */
const noModelYet = (status: number, stderr: string): boolean => status === 2 && /model \S+ is not in the registry/.test(stderr);

function readProfile(file: string): ProfileEntry[] {
  if (!existsSync(file)) return [];
  const entries = JSON.parse(readFileSync(file, 'utf8')) as ProfileEntry[];
  rmSync(file, { force: true });
  return entries.sort((a, b) => b.seconds - a.seconds);
}

function stepSeconds(lake: string, after: number): { steps: Record<string, number>; scoreStatus: string } {
  const parts = nightlyParts(lake).slice(after);
  const steps = Object.fromEntries(parts.map((p) => [p.step, p.seconds]));
  return { steps, scoreStatus: parts.find((p) => p.step === 'score')?.status ?? 'none' };
}

/** Brings the night's files into the inbox, and with a fresh inbox takes the earlier ones out. */
function deliver(inbox: string, files: readonly string[]): void {
  if (INBOX === 'fresh') rmSync(inbox, { recursive: true, force: true });
  mkdirSync(inbox, { recursive: true });
  for (const file of files) copyFileSync(file, join(inbox, basename(file)));
}

function runNight(c: FleetCase, lake: string, inbox: string, night: number, hasModel: boolean): NightResult {
  const logBefore = nightlyParts(lake).length;
  const versionBefore = newestVersion(lake);
  const profileFile = join(c.dir, 'profile.json');
  const m = measure([CLI, '--lake', lake, '--fleet', c.fleetFile, 'run', '--inbox', inbox], {
    accept: hasModel ? undefined : noModelYet,
    imports: PROFILE ? [PROFILER] : [],
    env: PROFILE ? { LAKESCORE_BENCH_PROFILE_FILE: profileFile } : {},
  });
  return {
    night,
    day: dayOf(c.from, night - 1),
    seconds: m.seconds,
    peakRssMb: m.peakRssMb,
    status: m.status,
    ...stepSeconds(lake, logBefore),
    writes: writtenSince(lake, versionBefore),
    profile: readProfile(profileFile),
  };
}

/** Trains on the first nights (test: the last third of them) and makes the model production. */
function trainAndPromote(c: FleetCase, lake: string): Measurement[] {
  const cli = (...args: string[]): Measurement => measure([CLI, '--lake', lake, '--fleet', c.fleetFile, ...args]);
  const to = dayOf(c.from, Math.floor((TRAIN_AFTER * 2) / 3));
  return [cli('train', '--from', c.from, '--to', to, '--test-to', dayOf(c.from, TRAIN_AFTER)), cli('models', 'promote', 'pdm@1', '--alias', 'production')];
}

function runNights(c: FleetCase): Pick<FleetReport, 'nights' | 'training' | 'idleNight' | 'nightlyLakeBytes' | 'vacuumedLakeBytes'> {
  const lake = join(c.dir, 'lake-nightly');
  const inbox = join(c.dir, 'inbox');
  rmSync(lake, { recursive: true, force: true });
  rmSync(inbox, { recursive: true, force: true });
  const nights: NightResult[] = [];
  let training: Measurement[] = [];
  for (const [i, files] of c.nights.entries()) {
    deliver(inbox, files);
    nights.push(runNight(c, lake, inbox, i + 1, training.length > 0));
    process.stderr.write(`${c.name} night ${i + 1}/${c.nights.length}: ${nights.at(-1)?.seconds.toFixed(1)} s\n`);
    if (i + 1 === TRAIN_AFTER) training = trainAndPromote(c, lake);
  }
  // nothing new: what a night costs before it has any work (start-up, the lake's views, the inbox's checksums)
  const idleNight = runNight(c, lake, inbox, c.nights.length + 1, training.length > 0);
  const nightlyLakeBytes = lakeBytes(lake);
  measure([CLI, '--lake', lake, 'vacuum', '--older-than', '0']);
  return { nights, training, idleNight, nightlyLakeBytes, vacuumedLakeBytes: lakeBytes(lake) };
}

/** One ingest of every night's files in the same order, then `build all`, in a fresh lake; median of RUNS. */
function runBulk(c: FleetCase): BulkResult {
  const lake = join(c.dir, 'lake-bulk');
  const runs = Array.from({ length: RUNS }, () => {
    rmSync(lake, { recursive: true, force: true });
    const cli = (...args: string[]): Measurement => measure([CLI, '--lake', lake, '--fleet', c.fleetFile, ...args]);
    const ingest = cli('ingest', ...c.nights.flat());
    const build = cli('build', 'all');
    return { ingest, build };
  });
  return {
    runs: RUNS,
    ingestSeconds: median(runs.map((r) => r.ingest.seconds)),
    buildSeconds: median(runs.map((r) => r.build.seconds)),
    seconds: median(runs.map((r) => r.ingest.seconds + r.build.seconds)),
    peakRssMb: median(runs.map((r) => Math.max(r.ingest.peakRssMb, r.build.peakRssMb))),
    all: runs.map((r) => r.ingest.seconds + r.build.seconds),
    lakeBytes: lakeBytes(lake),
  };
}

/** Start-up alone: a fresh process that only prints the help. */
const startupSeconds = (): number => median(Array.from({ length: 3 }, () => measure([CLI, '--help']).seconds));

const wallStarted = Date.now();
process.stdout.write(`bench:nightly: inbox ${INBOX}, train after night ${TRAIN_AFTER}, bulk median of ${RUNS}, SQL profile ${PROFILE ? 'on' : 'off'}\n`);
const startup = startupSeconds();
for (const name of FLEETS) {
  const c = name === 'daily' ? dailyCase() : await hourlyCase();
  const nightly = runNights(c);
  const bulk = runBulk(c);
  printFleetReport({ title: c.title, ...nightly, bulk, startupSeconds: startup });
}
process.stdout.write(`\nbench:nightly took ${((Date.now() - wallStarted) / 60000).toFixed(1)} min\n`);
