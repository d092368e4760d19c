import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../bronze/ingest.js';
import type { Fleet } from '../fleet/fleet.js';
import { buildGold } from '../gold/build.js';
import { fleetParams } from '../gold/params.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { nightlyRun } from '../jobs/nightly.js';
import { buildSilver } from '../silver/build.js';
import { readCatalog } from '../sql/catalog.js';
import { LakeSession, type Row } from '../sql/duckdb.js';
import { partitionOf } from '../sql/partitions.js';
import { identifier } from '../sql/text.js';
import { arrivalNights, cycleCounters, dailySnapshots, fileText, flaggedWithAssetTable, hourlyReadings, type DataFile, type Shape } from './arrival/shapes.js';
import { tempDir, withWriter } from './helpers.js';

/**
 * The property the nightly job rests on: for any fleet and any order of arrival, a sequence of
 * nightly runs ends with silver and gold identical, row for row and value for value, to one bulk
 * load and build of the same files in the same order. Each shape is fed in order or with late
 * files, half the shapes each way, and LAKESCORE_LONG_TESTS=1 feeds every shape both ways (twice
 * the time, which CI's budget does not have); one file of each is split across two nights.
 */
const LONG = Boolean(process.env.LAKESCORE_LONG_TESTS);

/** Whether a shape runs with this arrival: both ways with the long tests, else the one given. */
const runs = (late: boolean, ciLate: boolean): boolean => LONG || late === ciLate;

const TABLES = ['silver_telemetry', 'silver_errors', 'silver_maint', 'silver_failures', 'silver_machines', 'silver_duplicates', 'silver_quarantine', 'gold_features'];
/** When a row was loaded is the one thing that differs between two lakes of the same files. */
const LOAD_TIME = '_loaded_at';

const dir = tempDir();
afterAll(() => dir.remove());

async function feedNightly(lake: string, inbox: string, fleet: Fleet, nights: DataFile[][]): Promise<string[]> {
  const order: string[] = [];
  for (const files of nights) {
    for (const file of files) {
      writeFileSync(join(inbox, file.name), fileText(file));
      order.push(join(inbox, file.name));
    }
    await withWriter(lake, async (session) => {
      await declareAllTables(session, fleet);
      await nightlyRun(session, fleet, { inbox, model: { name: 'pdm', alias: 'production' }, exportTable: undefined, vacuum: undefined, retrainEvery: undefined });
    });
  }
  return order;
}

async function loadInBulk(lake: string, fleet: Fleet, paths: string[]): Promise<void> {
  await withWriter(lake, async (session) => {
    await declareAllTables(session, fleet);
    const loaded = await ingest(session, fleet, paths);
    expect(loaded.outcomes.filter((o) => o.status !== 'loaded')).toEqual([]);
    await buildSilver(session, fleet, { force: false });
    await buildGold(session, { fleet, params: fleetParams(fleet), reset: false });
  });
}

function readTables(lake: string, fleet: Fleet): Promise<Record<string, Row[]>> {
  return LakeSession.using(lake, {}, async (session) => {
    await declareAllTables(session, fleet);
    const tables: Record<string, Row[]> = {};
    for (const table of TABLES) {
      const columns = (await session.query(`SELECT column_name FROM (DESCRIBE ${table})`)).map((r) => String(r.column_name)).filter((c) => c !== LOAD_TIME);
      tables[table] = await session.query(`SELECT ${columns.map(identifier).join(', ')} FROM ${table} ORDER BY ALL`);
    }
    return tables;
  });
}

/** Floats summed in another order may differ in their last bits; anything more is a difference. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return String(a) === String(b);
}

/** The first difference between two tables, for the failure message, or undefined. */
function firstDifference(table: string, nightly: Row[], bulk: Row[]): string | undefined {
  const columns = (rows: Row[]): string => Object.keys(rows[0] ?? {}).join(', ');
  if (nightly.length > 0 && bulk.length > 0 && columns(nightly) !== columns(bulk)) return `${table}: columns ${columns(nightly)} nightly, ${columns(bulk)} in bulk`;
  for (let i = 0; i < Math.max(nightly.length, bulk.length); i++) {
    const n = nightly[i];
    const b = bulk[i];
    if (!n || !b) return `${table}: ${nightly.length} rows nightly, ${bulk.length} in bulk; first unmatched: ${JSON.stringify(n ?? b)}`;
    const column = Object.keys(b).find((c) => !sameValue(n[c], b[c]));
    if (column !== undefined) return `${table} row ${i} (${String(b.machine_id)} ${String(b.ts)}): ${column} is ${String(n[column])} nightly, ${String(b[column])} in bulk`;
  }
  return undefined;
}

/** Each table's partitions (sql/partitions.ts): days, and months once settled, whatever wrote them. */
const partitionsOf = (lake: string): Record<string, string[]> =>
  Object.fromEntries(TABLES.map((table) => [table, [...new Set((readCatalog(lake).tables[table]?.files ?? []).map((f) => partitionOf(f) ?? 'unpartitioned'))].sort()]));

async function expectNightlyEqualsBulk(shape: Shape, seed: number, late: boolean): Promise<Record<string, string[]>> {
  const base = join(dir.path, `${shape.name.replace(/ /g, '-')}-${seed}-${late}`);
  const inbox = join(base, 'inbox');
  mkdirSync(inbox, { recursive: true });
  const nights = arrivalNights(shape.files, seed, late);
  const order = await feedNightly(join(base, 'nightly'), inbox, shape.fleet, nights);
  await loadInBulk(join(base, 'bulk'), shape.fleet, order);
  const nightly = await readTables(join(base, 'nightly'), shape.fleet);
  const bulk = await readTables(join(base, 'bulk'), shape.fleet);
  expect((bulk.gold_features ?? []).length).toBeGreaterThan(0);
  for (const table of TABLES) expect(firstDifference(table, nightly[table] ?? [], bulk[table] ?? [])).toBeUndefined();
  const partitions = partitionsOf(join(base, 'bulk'));
  expect(partitionsOf(join(base, 'nightly'))).toEqual(partitions);
  return partitions;
}

describe('a sequence of nightly runs equals one bulk load and build', () => {
  for (const late of [false, true]) {
    const arrival = late ? 'with late files' : 'in order';
    it.runIf(runs(late, true))(`daily snapshots with gaps, late and vanishing assets, a failure flag and corrections that clear it, ${arrival}`, async () => {
      await expectNightlyEqualsBulk(dailySnapshots(11), 5, late);
    });
    it.runIf(runs(late, false))(`cycle counters with a failures source and a unit that starts late, over months that settle, ${arrival}`, async () => {
      const partitions = await expectNightlyEqualsBulk(cycleCounters(12), 6, late);
      // the nights merged the settled months' days into one file, as one build lays them out
      expect(partitions.gold_features).toContain('2000-01');
      expect(partitions.silver_telemetry).toEqual(expect.arrayContaining(['2000-01', '2000-02']));
    });
    it.runIf(runs(late, true))(`failure flags and a failures source beside an asset table, a parked failure and a machine that joins later, ${arrival}`, async () => {
      await expectNightlyEqualsBulk(flaggedWithAssetTable(), 8, late);
    });
    it.runIf(runs(late, false))(`hourly readings with alarms, maintenance, dirty rows and parked assets, ${arrival}`, async () => {
      await expectNightlyEqualsBulk(await hourlyReadings(13, join(dir.path, `sim-${late}`)), 7, late);
    });
  }
});
