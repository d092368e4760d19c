import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../bronze/ingest.js';
import type { Fleet } from '../../fleet/fleet.js';
import { parseFleet } from '../../fleet/load.js';
import { buildGold } from '../../gold/build.js';
import { fleetParams, goldColumns } from '../../gold/params.js';
import { buildSilver } from '../../silver/build.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { eachTestInTempLake, withWriter, type TempDir } from '../helpers.js';
import { differences } from '../gold/fixtures.js';
import { compareAssetIds, referenceGoldFor, type AssetId, type GoldRow, type ReferenceData, type ReferenceFleet } from '../gold/reference.js';

/**
 * Gold for fleets unlike the default, against the independent reference (test/gold/reference.ts):
 * every aggregate (mean, std, min, max, last, slope) over windows of minutes to a day, readings
 * at irregular times with gaps, an optional sensor with empty values, text ids that differ only
 * in quotes, spaces, case or Unicode form, open alarm codes, components with spaces, a categorical
 * and a numeric attribute; and a fleet with failures as a flag and nothing else.
 */

let dir: TempDir;
let lake: string;
eachTestInTempLake((d, l) => {
  dir = d;
  lake = l;
});

const IDS = ['pump "7"', 'Pumpe \u00c4', 'Pumpe A\u0308', 'p 1', 'P 1'];
const START = Date.UTC(2021, 2, 1);
const HOUR = 3_600_000;

/** A small deterministic generator (LCG): the same data on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const csvField = (text: string): string => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
const csvRow = (values: readonly (string | number)[]): string => values.map((v) => csvField(String(v))).join(',');

function writeCsvFile(name: string, header: string[], rows: (string | number)[][]): string {
  const path = join(dir.path, name);
  writeFileSync(path, [csvRow(header), ...rows.map(csvRow)].join('\n') + '\n');
  return path;
}

const RICH_FLEET = `
asset_id: text
sensors:
  temp: { min: -50, max: 500 }
  flow: { optional: true }
alarms: { open: true, codes: ["E-117", "w2"] }
components: [gearbox, "Main Bearing"]
attributes:
  site: { kind: categorical }
  rating: { kind: numeric }
features:
  step: 2h
  windows: [90m, 10h, 1d]
  aggregates: [mean, std, min, max, last, slope]
  alarm_window: 6h
label: { horizon: 12h }
sources:
  readings: { files: "readings*", holds: readings, asset: Asset, time: Time, sensors: { temp: "Temp (C)", flow: Flow } }
  alarms: { files: "alarms*", holds: alarms, asset: Asset, time: Time, code: Code }
  maint: { files: "maint*", holds: maintenance, asset: Asset, time: Time, component: Part }
  failures: { files: "failures*", holds: failures, asset: Asset, time: Time, component: Part }
  assets: { files: "assets*", holds: attributes, asset: Asset, attributes: { site: Site, rating: Rating } }
`;

/** Readings every 20 to 100 minutes with a six-hour gap, some flows empty; alarms, replacements, failures. */
function richFiles(): string[] {
  const next = random(42);
  const readings: (string | number)[][] = [];
  const alarms: (string | number)[][] = [];
  for (const [i, id] of IDS.entries()) {
    for (let t = START + i * 7 * 60_000; t < START + 4 * 24 * HOUR; t += Math.round((20 + next() * 80) * 60_000)) {
      if (t > START + 30 * HOUR && t < START + 36 * HOUR && i % 2 === 0) continue;
      readings.push([id, stamp(t), (60 + 20 * next() + (t - START) / HOUR / 10).toFixed(3), next() < 0.2 ? '' : (5 * next()).toFixed(4)]);
      if (next() < 0.15) alarms.push([id, stamp(t), ['E-117', 'w2', 'other'][Math.floor(next() * 3)] as string]);
    }
  }
  return [
    writeCsvFile('readings.csv', ['Asset', 'Time', 'Temp (C)', 'Flow'], readings),
    writeCsvFile('alarms.csv', ['Asset', 'Time', 'Code'], alarms),
    writeCsvFile('maint.csv', ['Asset', 'Time', 'Part'], [
      [IDS[0] as string, stamp(START - 5 * 24 * HOUR), 'gearbox'],
      [IDS[0] as string, stamp(START + 40 * HOUR), 'Main Bearing'],
      [IDS[2] as string, stamp(START + 10 * HOUR + 30 * 60_000), 'gearbox'],
    ]),
    writeCsvFile('failures.csv', ['Asset', 'Time', 'Part'], [
      [IDS[0] as string, stamp(START + 40 * HOUR), 'Main Bearing'],
      [IDS[1] as string, stamp(START + 50 * HOUR), 'Main Bearing'],
      [IDS[1] as string, stamp(START + 50 * HOUR), 'gearbox'],
      [IDS[3] as string, stamp(START + 90 * HOUR + 17 * 60_000), 'gearbox'],
    ]),
    writeCsvFile('assets.csv', ['Asset', 'Site', 'Rating'], IDS.map((id, i) => [id, i % 2 ? 'north' : 'South yard', (1.5 * i).toString()])),
  ];
}

const FLAG_FLEET = `
asset_id: text
sensors:
  level: {}
  vibration: {}
features:
  step: 1d
  windows: [3d, 7d]
  aggregates: [mean, last, slope, max]
label: { horizon: 5d }
sources:
  daily: { files: "daily*", holds: readings, asset: drive, time: day, sensors: [level, vibration], failure_flag: failed }
`;

function flagFiles(): string[] {
  const next = random(7);
  const rows: (string | number)[][] = [];
  for (const [i, id] of IDS.slice(0, 3).entries()) {
    const days = 20 + i * 5;
    for (let d = 0; d < days; d++) {
      if (d === 9 && i === 1) continue;
      rows.push([id, stamp(START + d * 24 * HOUR), (10 * next()).toFixed(2), (d / 3 + next()).toFixed(2), d === days - 1 && i !== 2 ? 1 : 0]);
    }
  }
  return [writeCsvFile('daily.csv', ['drive', 'day', 'level', 'vibration', 'failed'], rows)];
}

/** A daily snapshot feed: drive a is flagged on its last reading (day 4), drive b reports to day 9. */
const snapshotFleet = (flag: string): string => `
sensors:
  temp: {}
features: { step: 1d, windows: [2d], aggregates: [mean] }
label: { horizon: 1d }
sources:
  daily: { files: "daily*", holds: readings, asset: drive, time: day, sensors: [temp], failure_flag: ${flag} }
`;

function snapshotFiles(): string[] {
  const rows = ['a', 'b'].flatMap((id) =>
    Array.from({ length: id === 'a' ? 5 : 10 }, (_, d) => [id, stamp(START + d * 24 * HOUR), 40 + d, id === 'a' && d === 4 ? 1 : 0]),
  );
  return [writeCsvFile('daily.csv', ['drive', 'day', 'temp', 'failed'], rows)];
}

function referenceFleet(fleet: Fleet): ReferenceFleet {
  const params = fleetParams(fleet);
  return {
    sensors: fleet.sensors.map((s) => s.name),
    aggregates: params.aggregates,
    windows: params.windows,
    stepSeconds: params.step.seconds,
    alarmCodes: params.alarmCodes,
    alarmWindow: params.alarmCodes.length ? params.alarmWindow : null,
    components: fleet.sources.some((s) => s.holds === 'maintenance') ? fleet.components : [],
    classes: fleet.classes,
    attributes: fleet.attributes.map((a) => a.name),
  };
}

/** What the reference reads: silver as the lake holds it (only the alarm codes gold counts). */
async function referenceData(session: LakeSession, fleet: Fleet): Promise<ReferenceData> {
  const rows = (sql: string) => session.query(sql);
  const sensors = fleet.sensors.map((s) => s.name);
  const codes = new Set(fleetParams(fleet).alarmCodes);
  return {
    readings: (await rows(`SELECT machine_id, ts, ${sensors.join(', ')} FROM silver_telemetry`)).map((r) => ({
      id: r.machine_id as AssetId,
      ts: r.ts as Date,
      values: Object.fromEntries(sensors.map((s) => [s, r[s] as number | null])),
    })),
    alarms: (await rows('SELECT machine_id, ts, error_id FROM silver_errors'))
      .filter((r) => codes.has(String(r.error_id)))
      .map((r) => ({ id: r.machine_id as AssetId, ts: r.ts as Date, code: String(r.error_id) })),
    replacements: (await rows('SELECT machine_id, ts, comp FROM silver_maint')).map((r) => ({ id: r.machine_id as AssetId, ts: r.ts as Date, component: String(r.comp) })),
    failures: (await rows('SELECT machine_id, ts, failure FROM silver_failures')).map((r) => ({ id: r.machine_id as AssetId, ts: r.ts as Date, failureClass: String(r.failure) })),
    assets: fleet.hasAssetTable
      ? (await rows('SELECT * FROM silver_machines')).map((r) => ({
          id: r.machine_id as AssetId,
          attributes: Object.fromEntries(fleet.attributes.map((a) => [a.name, r[a.name] as string | number | null])),
        }))
      : null,
  };
}

async function expectGoldMatchesReference(fleetText: string, files: string[]): Promise<GoldRow[]> {
  const fleet = parseFleet(fleetText, 'lakescore.yaml');
  return withWriter(lake, async (s) => {
    const loaded = await ingest(s, fleet, files);
    expect(loaded.outcomes.map((o) => o.message).filter((m) => !/rows into/.test(m))).toEqual([]);
    const silver = await buildSilver(s, fleet, { force: false });
    expect(silver.tables.every((t) => t.quarantined === 0)).toBe(true);
    const report = await buildGold(s, { fleet, params: fleetParams(fleet), reset: false });
    const columns = goldColumns(fleet, fleetParams(fleet)).map(([name]) => name);
    const gold = ((await s.query(`SELECT ${columns.join(', ')} FROM gold_features`)) as GoldRow[]).sort(
      (a, b) => compareAssetIds(a.machine_id as AssetId, b.machine_id as AssetId) || (a.ts as Date).getTime() - (b.ts as Date).getTime(),
    );
    const expected = referenceGoldFor(referenceFleet(fleet), await referenceData(s, fleet), {
      from: report.from,
      to: report.to,
      labelCutoff: report.labelCutoff,
      horizonSeconds: fleet.features.horizon.seconds,
    });
    expect(gold.length).toBeGreaterThan(0);
    expect(differences(gold, expected, columns)).toEqual([]);
    return gold;
  });
}

describe('gold for any fleet, against the reference', () => {
  it('computes every aggregate over minute-to-day windows with text ids, open alarms, components and attributes', async () => {
    const gold = await expectGoldMatchesReference(RICH_FLEET, richFiles());
    expect(new Set(gold.map((r) => r.machine_id))).toEqual(new Set(IDS));
    const columns = Object.keys(gold[0] as GoldRow);
    expect(columns).toContain('temp_slope_90m');
    expect(columns).toContain('flow_last_1d');
    expect(columns).toContain('e_117_count_6h');
    expect(columns).toContain('main_bearing_days_since_replacement');
    expect(columns).not.toContain('other_count_6h');
    // a simultaneous failure of both components is labelled with the one listed first
    expect(gold.filter((r) => r.machine_id === IDS[1]).map((r) => r.label)).toContain('gearbox');
    expect(gold.some((r) => r.flow_mean_90m === null && r.temp_mean_90m !== null)).toBe(true);
  });

  it.each([
    ['by default, at the end of its step: its own row is labelled', 'failed', ['none', 'none', 'none', 'none', 'failure']],
    ['at: reading, at its time: its own row is none, the row before is labelled', '{ column: failed, at: reading }', ['none', 'none', 'none', 'failure', 'none']],
  ])('times the failure of a flagged daily reading %s', async (_what, flag, labels) => {
    const gold = await expectGoldMatchesReference(snapshotFleet(flag), snapshotFiles());
    expect(gold.filter((r) => r.machine_id === 'a').map((r) => r.label)).toEqual(labels);
  });

  it('labels with the single class `failure` from a flag, with no alarms, maintenance or attributes', async () => {
    const gold = await expectGoldMatchesReference(FLAG_FLEET, flagFiles());
    expect(new Set(gold.map((r) => r.label))).toEqual(new Set(['none', 'failure', null]));
    expect(Object.keys(gold[0] as GoldRow)).toEqual(goldColumns(parseFleet(FLAG_FLEET, 'x'), fleetParams(parseFleet(FLAG_FLEET, 'x'))).map(([n]) => n));
  });
});
