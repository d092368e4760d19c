import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseChange } from '../bronze/simulate/change-spec.js';
import { ingest } from '../bronze/ingest.js';
import { simulate } from '../bronze/simulate/simulate.js';
import { ignoredBy } from '../fleet/drift.js';
import { builtInFleet } from '../fleet/load.js';
import { buildGold } from '../gold/build.js';
import { fleetParams } from '../gold/params.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { DEFAULT_FOREST_PARAMS } from '../ml/forest/model.js';
import { driftedNames } from '../ml/monitor/night-drift.js';
import { promoteModel } from '../ml/registry.js';
import { score } from '../ml/score.js';
import { trainModel } from '../ml/train.js';
import { buildSilver } from '../silver/build.js';
import { LakeSession } from '../sql/duckdb.js';
import { benchRoot, dayOf, intEnv, median, printTable } from './harness.js';

/**
 * How often the nightly drift check flags an unchanged fleet, and how soon it flags a planted
 * offset (issue 19; docs/monitoring.md#measured). Per seed, a simulated fleet is trained on its
 * first weeks and scored night by night, one day per scoring run as the nightly job does; a
 * night "flags" when its judgement names any drifted feature. The same seed is run again with
 * one sensor offset from a week into the nights. Measures; asserts nothing.
 *
 * Environment: LAKESCORE_BENCH_SEEDS (20), LAKESCORE_BENCH_MACHINES (30),
 * LAKESCORE_BENCH_TRAIN_DAYS (28), LAKESCORE_BENCH_NIGHTS (28), LAKESCORE_BENCH_OFFSET
 * (volt:1, the sensor and its offset in sd; the change starts LAKESCORE_BENCH_OFFSET_NIGHT, 7,
 * nights in), LAKESCORE_BENCH_IGNORE (*_days_since_replacement: the features a second count
 * leaves out, as the definition's `drift: ignore:` would), LAKESCORE_BENCH_DIR (the work
 * directory, as for every bench).
 */
const SEEDS = intEnv('LAKESCORE_BENCH_SEEDS', 20);
const MACHINES = intEnv('LAKESCORE_BENCH_MACHINES', 30);
const TRAIN_DAYS = intEnv('LAKESCORE_BENCH_TRAIN_DAYS', 28);
const NIGHTS = intEnv('LAKESCORE_BENCH_NIGHTS', 28);
const OFFSET_NIGHT = intEnv('LAKESCORE_BENCH_OFFSET_NIGHT', 7);
const [OFFSET_SENSOR, OFFSET_SD] = (process.env.LAKESCORE_BENCH_OFFSET ?? 'volt:1').split(':');
const IGNORE = (process.env.LAKESCORE_BENCH_IGNORE ?? '*_days_since_replacement').split(',').filter((p) => p.length > 0);
const FROM = '2015-01-01';
const FLEET = builtInFleet();
const day = (index: number): Date => new Date(`${dayOf(FROM, index)}T00:00:00Z`);

/** What the nightly judgement named, night by night. */
type Nights = string[][];

/** A lake of one simulated fleet, its model trained on the first TRAIN_DAYS (the last week its test), then scored a day a night. */
async function scoredNights(dir: string, seed: number, changes: string[]): Promise<Nights> {
  const sim = join(dir, 'sim');
  const lake = join(dir, 'lake');
  rmSync(dir, { recursive: true, force: true });
  const parsed = changes.map((spec) => {
    const result = parseChange(spec);
    if ('error' in result) throw new Error(`${spec}: ${result.error}`);
    return result.change;
  });
  await simulate({ machines: MACHINES, days: TRAIN_DAYS + NIGHTS, seed, from: FROM, format: 'csv', dirty: 0, out: sim, changes: parsed });
  const nights = await LakeSession.using(lake, { write: { command: 'bench', waitSeconds: 0 } }, async (session) => {
    await declareAllTables(session, FLEET);
    await ingest(session, FLEET, [sim]);
    await buildSilver(session, FLEET, { force: false });
    await buildGold(session, { fleet: FLEET, params: fleetParams(FLEET), reset: false });
    const trained = await trainModel(session, FLEET, {
      name: 'pdm',
      from: day(0),
      to: day(TRAIN_DAYS - 7),
      testTo: day(TRAIN_DAYS),
      forest: { ...DEFAULT_FOREST_PARAMS, trees: 10, threads: 1, seed: 2 },
    });
    const ref = { name: 'pdm', version: trained.model.meta.version };
    await promoteModel(session, ref, 'production');
    await score(session, FLEET, ref, { mode: 'range', from: day(TRAIN_DAYS - 7), to: day(TRAIN_DAYS) });
    const named: Nights = [];
    for (let n = 0; n < NIGHTS; n++) {
      const report = await score(session, FLEET, ref, { mode: 'range', from: day(TRAIN_DAYS + n), to: day(TRAIN_DAYS + n + 1) });
      named.push(driftedNames(report.drift));
    }
    return named;
  });
  rmSync(dir, { recursive: true, force: true });
  return nights;
}

const percent = (part: number, whole: number): string => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(0)}%`);
/** A group's finding (`volt_mean_24h in model=model3`) counts under its feature. */
const featureOf = (name: string): string => name.split(' in ')[0] as string;

function printFalseFlags(unchanged: Nights[]): void {
  const nights = unchanged.flat();
  const flagged = nights.filter((n) => n.length > 0).length;
  const perFeature = new Map<string, number>();
  for (const night of nights) for (const feature of new Set(night.map(featureOf))) perFeature.set(feature, (perFeature.get(feature) ?? 0) + 1);
  const seedsFlagged = unchanged.filter((s) => s.some((n) => n.length > 0)).length;
  const ignored = ignoredBy(IGNORE);
  const flaggedWithout = nights.filter((n) => n.some((name) => !ignored(featureOf(name)))).length;
  printTable(
    `unchanged fleet: ${SEEDS} seeds x ${NIGHTS} nights, ${MACHINES} machines, trained on ${TRAIN_DAYS} days`,
    ['measure', 'value'],
    [
      ['nights with any drifted finding', `${flagged} of ${nights.length} (${percent(flagged, nights.length)})`],
      ['seeds with a flagged night', `${seedsFlagged} of ${SEEDS}`],
      [`nights with any, leaving out ${IGNORE.join(', ')} (as drift: ignore: would)`, `${flaggedWithout} of ${nights.length} (${percent(flaggedWithout, nights.length)})`],
    ],
  );
  const rows = [...perFeature.entries()].sort((a, b) => b[1] - a[1]).map(([feature, n]) => [feature, n, percent(n, nights.length)]);
  printTable('nights on which each feature was flagged drifted (the fleet or one of its groups), unchanged fleet', ['feature', 'nights', 'share'], rows.length ? rows : [['(none)', 0, '-']]);
}

function printDetection(offset: Nights[]): void {
  const sensor = (name: string): boolean => name.startsWith(`${OFFSET_SENSOR}_`);
  const delays = offset.map((nights) => nights.slice(OFFSET_NIGHT).findIndex((n) => n.some(sensor)));
  const found = delays.filter((d) => d >= 0);
  const before = offset.flatMap((nights) => nights.slice(0, OFFSET_NIGHT));
  const after = offset.flatMap((nights) => nights.slice(OFFSET_NIGHT));
  printTable(
    `planted offset ${OFFSET_SENSOR} +${OFFSET_SD} sd on every machine from night ${OFFSET_NIGHT}: ${SEEDS} seeds`,
    ['measure', 'value'],
    [
      [`seeds where ${OFFSET_SENSOR} was flagged after the change`, `${found.length} of ${SEEDS} (${percent(found.length, SEEDS)})`],
      ['nights to detection (0: the first night after), median', found.length ? median(found) : '-'],
      ['nights to detection, worst', found.length ? Math.max(...found) : '-'],
      [`nights after the change naming ${OFFSET_SENSOR}`, `${after.filter((n) => n.some(sensor)).length} of ${after.length} (${percent(after.filter((n) => n.some(sensor)).length, after.length)})`],
      [`nights before the change naming ${OFFSET_SENSOR}`, `${before.filter((n) => n.some(sensor)).length} of ${before.length}`],
      ['nights after the change with any drifted finding', `${after.filter((n) => n.length > 0).length} of ${after.length}`],
    ],
  );
}

async function main(): Promise<void> {
  const root = join(benchRoot(), 'drift-false-flags');
  const unchanged: Nights[] = [];
  const offset: Nights[] = [];
  const started = Date.now();
  for (let seed = 1; seed <= SEEDS; seed++) {
    unchanged.push(await scoredNights(join(root, `seed-${seed}`), seed, []));
    offset.push(await scoredNights(join(root, `seed-${seed}-offset`), seed, [`offset:sensor=${OFFSET_SENSOR},sd=${OFFSET_SD},day=${TRAIN_DAYS + OFFSET_NIGHT}`]));
    process.stderr.write(`seed ${seed} of ${SEEDS} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  printFalseFlags(unchanged);
  printDetection(offset);
}

await main();
