import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../bronze/ingest.js';
import { Random, Stream } from '../bronze/simulate/random.js';
import type { AlertPolicy } from '../fleet/alerts.js';
import type { Fleet } from '../fleet/fleet.js';
import { buildGold } from '../gold/build.js';
import { fleetParams } from '../gold/params.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { chooseAlertRuleAgain } from '../ml/alert-rule-again.js';
import { DEFAULT_FOREST_PARAMS } from '../ml/forest/index.js';
import { promoteModel } from '../ml/registry.js';
import { score } from '../ml/score.js';
import { trainModel } from '../ml/train.js';
import { buildSilver } from '../silver/build.js';
import { dailySnapshots, fileText, type DataFile } from './arrival/shapes.js';
import { readLake, withWriter } from './helpers.js';

/**
 * A rare-failure drive fleet for the report: the daily snapshots shape (drives that fail carry the
 * flag on their last reading and stop, one stops without failing, one is silent for a week), with
 * drives added until about one drive-day in 300 is a failure, as in a real disk fleet.
 * Every file is loaded in one night. Model pdm@1 is in production; pdm@2, trained after it, is
 * not, and scores last, so that results_latest holds its predictions and not production's
 * (see VERSIONS).
 */
export interface RareFleet {
  fleet: Fleet;
  lake: string;
  files: DataFile[];
}

const ADDED_DRIVES = 120;
/**
 * Four of the added drives fail, on these days (0 = the first) after a rise of s1: two early, so
 * that training sees failures, one on the --as-of day of a test, one on the newest day.
 */
const FAILS_ON = new Map([[0, 4], [1, 7], [2, 6], [3, 15]]);
const day = (s: string): Date => new Date(`${s}T00:00:00Z`);

/** The added drives' lines for each day's file, in the shape's own columns; a failed drive reads no more. */
function withAddedDrives(files: DataFile[], seed: number): DataFile[] {
  const rng = Random.forStream(seed, 0, Stream.telemetry);
  const daily = files.filter((f) => !f.name.includes('-fix'));
  return files.map((file) => {
    const d = daily.indexOf(file);
    if (d < 0) return file;
    const date = file.name.slice('drives-'.length, 'drives-'.length + 10);
    const added = Array.from({ length: ADDED_DRIVES }, (_, i) => i).flatMap((i) => {
      const failsOn = FAILS_ON.get(i) ?? Number.POSITIVE_INFINITY;
      if (d > failsOn) return [];
      const s1 = 30 + rng.next() * 10 + Math.max(0, 4 - (failsOn - d)) * 6;
      return [`${date},HX ${String(i + 1).padStart(3, '0')},ST4000,4e12,${s1.toFixed(3)},${(rng.next() * 100).toFixed(1)},${(rng.next() * 5).toFixed(2)},${d === failsOn ? 1 : 0},n0`];
    });
    return { ...file, lines: [...file.lines, ...added] };
  });
}

/** How a version is trained and scored: its rule's policy, a rule set again after training, the ranges it scores. */
interface Version {
  seed: number;
  policy: AlertPolicy;
  setAgain?: AlertPolicy;
  scores: [string, string][];
}

/**
 * pdm@1 chooses by cost at training (the test window then has costs) and is set to a fixed
 * threshold afterwards; it scores two ranges with a gap longer than the horizon, so that a
 * failure in the gap has no result before it. pdm@2 keeps the default rule and scores it all.
 */
export const VERSIONS: Version[] = [
  {
    seed: 1,
    policy: { kind: 'cost', costs: { missedFailure: 100, falseAlarm: 5, caughtFailure: 10 } },
    setAgain: { kind: 'fixed', threshold: 0.7 },
    scores: [['2024-01-24', '2024-01-28'], ['2024-02-05', '2024-02-09']],
  },
  { seed: 2, policy: { kind: 'best-f1' }, scores: [['2024-01-24', '2024-02-09']] },
];

async function trainAndScore(lake: string, fleet: Fleet, v: Version): Promise<void> {
  await withWriter(lake, async (session) => {
    await declareAllTables(session, fleet);
    const trained = await trainModel(session, fleet, {
      name: 'pdm',
      from: day('2024-01-24'),
      to: day('2024-02-01'),
      testTo: day('2024-02-04'),
      // eight days are too short to choose a rule on a later part by time: a share of the drives
      validate: { kind: 'assets', share: 0.4 },
      policy: v.policy,
      forest: { ...DEFAULT_FOREST_PARAMS, trees: 6, maxDepth: 6, classWeight: 'balanced', threads: 1, seed: v.seed },
    });
    const ref = { name: 'pdm', version: trained.model.meta.version };
    if (ref.version === 1) await promoteModel(session, ref, 'production');
    if (v.setAgain) await chooseAlertRuleAgain(session, ref, v.setAgain);
    for (const [from, to] of v.scores) await score(session, fleet, ref, { mode: 'range', from: day(from), to: day(to) });
  });
}

export async function rareFailureFleet(root: string, seed: number): Promise<RareFleet> {
  const shape = dailySnapshots(seed);
  const files = withAddedDrives(shape.files, seed);
  const data = join(root, 'data');
  mkdirSync(data);
  for (const file of files) writeFileSync(join(data, file.name), fileText(file));
  const lake = join(root, 'lake');
  const corrections = files.filter((f) => f.name.includes('-fix'));
  await withWriter(lake, async (session) => {
    await declareAllTables(session, shape.fleet);
    // the corrections come after what they correct, as in the shape's own nights
    await ingest(session, shape.fleet, files.filter((f) => !corrections.includes(f)).map((f) => join(data, f.name)));
    await ingest(session, shape.fleet, corrections.map((f) => join(data, f.name)));
    await buildSilver(session, shape.fleet, { force: false });
    await buildGold(session, { fleet: shape.fleet, params: fleetParams(shape.fleet), reset: false });
  });
  for (const version of VERSIONS) await trainAndScore(lake, shape.fleet, version);
  return { fleet: shape.fleet, lake, files };
}

/**
 * Each drive as the files say up to a day (YYYY-MM-DD), the later file winning a (drive, day):
 * its days, and whether its last reading carries the flag.
 */
export function drivesInFiles(files: DataFile[], until = '9999-12-31'): Map<string, { days: Set<string>; lastDay: string; failedLast: boolean }> {
  const readings = new Map<string, Map<string, boolean>>();
  for (const file of files) {
    for (const line of file.lines) {
      const [date, drive, , , , , , flag] = line.split(',');
      if ((date as string) > until) continue;
      const days = readings.get(drive as string) ?? new Map<string, boolean>();
      days.set(date as string, flag === '1');
      readings.set(drive as string, days);
    }
  }
  const drives = new Map<string, { days: Set<string>; lastDay: string; failedLast: boolean }>();
  for (const [drive, days] of readings) {
    const lastDay = [...days.keys()].sort().at(-1) as string;
    drives.set(drive, { days: new Set(days.keys()), lastDay, failedLast: days.get(lastDay) === true });
  }
  return drives;
}

export interface Prediction {
  asset: string;
  ts: string;
  risk: number;
  alert: boolean | null;
  diagnosis: string | null;
}

/** One model version's predictions from the raw results, the newest run per (asset, time). */
export async function predictionsOf(rare: RareFleet, version: number): Promise<Prediction[]> {
  const rows = await readLake(
    rare.lake,
    `SELECT machine_id, strftime(ts, '%Y-%m-%d %H:%M') AS ts, run_id, p_none, alert, diagnosis FROM results WHERE model_version = ${version}`,
    (s) => declareAllTables(s, rare.fleet),
  );
  const newest = new Map<string, { run: number; prediction: Prediction }>();
  for (const r of rows) {
    const key = `${String(r.machine_id)}|${String(r.ts)}`;
    const run = Number(r.run_id);
    const prediction = { asset: String(r.machine_id), ts: String(r.ts), risk: 1 - Number(r.p_none), alert: r.alert === null ? null : r.alert === true, diagnosis: r.diagnosis === null ? null : String(r.diagnosis) };
    if ((newest.get(key)?.run ?? -1) < run) newest.set(key, { run, prediction });
  }
  return [...newest.values()].map((n) => n.prediction);
}

/** Per day, the mean over assets of each one's highest risk that day. */
export function meanDailyRisk(predictions: Prediction[]): Map<string, number> {
  const highest = new Map<string, number>();
  for (const p of predictions) {
    const key = `${p.ts.slice(0, 10)}|${p.asset}`;
    highest.set(key, Math.max(highest.get(key) ?? 0, p.risk));
  }
  const byDay = new Map<string, number[]>();
  for (const [key, risk] of highest) {
    const d = key.slice(0, 10);
    byDay.set(d, [...(byDay.get(d) ?? []), risk]);
  }
  return new Map([...byDay].map(([d, risks]) => [d, risks.reduce((a, b) => a + b, 0) / risks.length]));
}

/** Each asset's prediction at its latest scored time. */
export function latestPredictions(predictions: Prediction[]): Map<string, Prediction> {
  const latest = new Map<string, Prediction>();
  for (const p of predictions) if ((latest.get(p.asset)?.ts ?? '') < p.ts) latest.set(p.asset, p);
  return latest;
}

export interface Failure {
  asset: string;
  ts: string;
  failure: string;
}

/** The failures silver holds, as raw rows. */
export async function failuresOf(rare: RareFleet): Promise<Failure[]> {
  const rows = await readLake(rare.lake, `SELECT machine_id, strftime(ts, '%Y-%m-%d %H:%M') AS ts, failure FROM silver_failures`, (s) => declareAllTables(s, rare.fleet));
  return rows.map((r) => ({ asset: String(r.machine_id), ts: String(r.ts), failure: String(r.failure) }));
}
