import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_FLEET_FILE, parseFleet } from '../../fleet/load.js';
import { runCli, tempDir, type CliOutcome, type TempDir } from '../helpers.js';

/**
 * A fleet nothing like the sample, through the real binary: disk drives with text serials, daily
 * readings of two sensors, a SMART-like export with columns the definition does not name, the
 * drive model repeated in every row, and failures recorded as a flag on the drive's last day. No
 * alarms, no maintenance. Ingest, build, train, score and SQL; then the same lake nightly.
 */
const SERIALS = ['ZA-0001', 'ZA 0002', '"Q"-3', '\u00dc-4', 'za-0001', 'ZB-0006', 'ZB-0007', 'ZB-0008'];
const FAILING = new Map([
  ['ZA 0002', 70],
  ['\u00dc-4', 100],
  ['ZB-0007', 55],
  ['za-0001', 110],
]);
const DAYS = 120;
const START = Date.UTC(2021, 0, 1);

const FLEET = `
asset_id: text
sensors:
  temp: { min: 0, max: 120 }
  realloc: { optional: true }
attributes:
  model: { kind: categorical }
features:
  step: 1d
  windows: [3d, 7d]
  aggregates: [mean, max, slope]
label: { horizon: 7d }
sources:
  drives:
    files: "drives-*"
    holds: readings
    asset: serial_number
    time: { column: date, format: "%Y-%m-%d" }
    sensors: { temp: smart_194_raw, realloc: smart_5_raw }
    attributes: [model]
    failure_flag: failure
`;

let dir: TempDir;
let fleetFile: string;
let lake: string;
let inbox: string;

const lakescore = (args: string[], env: Record<string, string> = {}): CliOutcome => runCli(['--lake', lake, ...args], env);

const withFleet = (args: string[]) => lakescore(['--fleet', fleetFile, ...args]);
const csvField = (text: string): string => (/[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
const day = (d: number): string => new Date(START + d * 86_400_000).toISOString().slice(0, 10);

/** Days [from, to) of the export: a drive heats up in the ten days before it fails, then stops reporting. */
function exportDays(name: string, from: number, to: number): string {
  const lines = ['date,serial_number,model,capacity_bytes,failure,smart_1_raw,smart_5_raw,smart_9_raw,smart_194_raw'];
  for (const [i, serial] of SERIALS.entries()) {
    const failsOn = FAILING.get(serial);
    for (let d = from; d < Math.min(to, failsOn === undefined ? DAYS : failsOn + 1); d++) {
      const heat = failsOn !== undefined && failsOn - d < 10 ? (10 - (failsOn - d)) * 3 : 0;
      const temp = 30 + ((i * 7 + d * 13) % 5) + heat;
      const realloc = d % 4 === 0 ? '' : String(heat > 0 ? heat * 2 : 0);
      lines.push([day(d), csvField(serial), i % 2 ? 'ST4000' : 'HGST H', '4000787030016', d === failsOn ? '1' : '0', '', realloc, String(d * 24), String(temp)].join(','));
    }
  }
  const path = join(inbox, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

beforeAll(() => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  inbox = join(dir.path, 'inbox');
  mkdirSync(inbox);
  fleetFile = join(dir.path, 'drives.yaml');
  writeFileSync(fleetFile, FLEET);
});
afterAll(() => dir.remove());

describe('a generic fleet end to end', () => {
  it('ingests, builds, trains, scores and answers SQL with its own ids, sensors and class', () => {
    const first = exportDays('drives-2021a.csv', 0, 90);
    const ingested = withFleet(['ingest', first]);
    expect(ingested.code).toBe(0);
    expect(ingested.stdout).toMatch(/left out: capacity_bytes, smart_1_raw, smart_9_raw/);
    expect(withFleet(['build', 'all']).code).toBe(0);
    const trained = withFleet(['train', '--name', 'drives', '--from', day(0), '--to', day(60), '--test-to', day(90), '--trees', '20']);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/failure/);
    expect(withFleet(['models', 'promote', 'drives@1', '--alias', 'production']).code).toBe(0);
    expect(withFleet(['score', '--model', 'drives@production', '--from', day(0), '--to', day(90)]).code).toBe(0);

    const sql = withFleet(['sql', 'SELECT machine_id, count(*) AS n, max(p_failure) AS top FROM results_latest GROUP BY machine_id ORDER BY machine_id', '--format', 'json']);
    expect(sql.code).toBe(0);
    const rows = JSON.parse(sql.stdout) as { machine_id: string; n: number; top: number }[];
    expect(rows.map((r) => r.machine_id).sort()).toEqual([...SERIALS].sort());
    const failing = rows.filter((r) => FAILING.has(r.machine_id) && (FAILING.get(r.machine_id) as number) < 90);
    expect(failing.every((r) => r.top > 0.5)).toBe(true);

    const recorded = withFleet(['sql', 'SELECT (SELECT any_value(fleet_hash) FROM gold_builds) AS gold, (SELECT any_value(fleet_definition) FROM gold_builds) AS definition, (SELECT any_value(fleet_hash) FROM models) AS model', '--format', 'json']);
    const fleet = parseFleet(FLEET, 'drives.yaml');
    expect(JSON.parse(recorded.stdout)).toEqual([{ gold: fleet.hash, definition: fleet.canonical, model: fleet.hash }]);

    const machines = withFleet(['sql', `SELECT machine_id, model FROM silver_machines WHERE machine_id = '"Q"-3'`, '--format', 'csv']);
    expect(machines.stdout.trim().split('\n')[1]).toBe('"""Q""-3",HGST H');
    const failures = withFleet(['sql', 'SELECT machine_id, failure FROM silver_failures ORDER BY ts', '--format', 'csv']);
    expect(failures.stdout.trim().split('\n').slice(1)).toEqual(['ZB-0007,failure', 'ZA 0002,failure']);
  });

  it('runs nightly from an inbox with the definition from LAKESCORE_FLEET, scoring only the new days', () => {
    exportDays('drives-2021b.csv', 90, DAYS);
    const night = lakescore(['run', '--inbox', inbox, '--model', 'drives@production'], { LAKESCORE_FLEET: fleetFile });
    expect(night.code).toBe(0);
    expect(night.stderr).toMatch(/1 file\(s\) loaded .* 1 already loaded, 0 rejected/);
    const latest = withFleet(['sql', 'SELECT count(*) AS n, count(DISTINCT machine_id) AS ids, max(ts) AS last FROM results_latest', '--format', 'json']);
    const [summary] = JSON.parse(latest.stdout) as { n: number; ids: number; last: string }[];
    expect(summary?.ids).toBe(SERIALS.length);
    expect(summary?.last.slice(0, 10)).toBe(day(DAYS - 1));
    const again = lakescore(['run', '--inbox', inbox, '--model', 'drives@production'], { LAKESCORE_FLEET: fleetFile });
    expect(again.stderr).toContain('nothing new: nothing was done');
  });

  it("works under the lake's definition when none is given, and refuses another one, naming what differs", () => {
    const forgotten = lakescore(['score', '--model', 'drives@production', '--from', day(0), '--to', day(10)], { LAKESCORE_FLEET: '' });
    expect(forgotten.code, forgotten.stderr).toBe(0);
    const other = lakescore(['score', '--model', 'drives@production', '--from', day(0), '--to', day(10)], { LAKESCORE_FLEET: BUILT_IN_FLEET_FILE });
    expect(other.code).toBe(2);
    expect(other.stderr.trim().split('\n')).toHaveLength(1);
    expect(other.stderr).toMatch(/default\.yaml is not the lake's fleet definition .*asset ids: text -> integer/);
    expect(other.stderr).toMatch(/classes: failure -> comp1,comp2,comp3,comp4/);
  });

  it('refuses to mix gold of an adopted definition with the old until --reset, naming the column', () => {
    const narrower = join(dir.path, 'narrower.yaml');
    writeFileSync(narrower, FLEET.replace('  realloc: { optional: true }\n', '').replace('sensors: { temp: smart_194_raw, realloc: smart_5_raw }', 'sensors: { temp: smart_194_raw }'));
    const args = (rest: string[]) => lakescore(['--fleet', narrower, ...rest]);
    expect(args(['build', 'silver']).stderr).toMatch(/narrower\.yaml is not the lake's fleet definition .*sensors: -realloc/);
    expect(lakescore(['fleet', 'apply', narrower]).code).toBe(0);
    expect(args(['build', 'silver']).code).toBe(0);
    const train = args(['train', '--name', 'narrow', '--from', day(0), '--to', day(60), '--test-to', day(90)]);
    expect(train.code).toBe(2);
    expect(train.stderr).toMatch(/gold has column realloc_mean_3d, which this definition does not/);
    const gold = args(['build', 'gold']);
    expect(gold.code).toBe(2);
    expect(gold.stderr.trim().split('\n')).toHaveLength(1);
    expect(gold.stderr).toMatch(/another fleet definition: gold has column realloc_mean_3d.*--reset/);
    expect(args(['build', 'gold', '--reset']).code).toBe(0);
    expect(args(['train', '--name', 'narrow', '--from', day(0), '--to', day(60), '--test-to', day(90), '--trees', '5']).code).toBe(0);
  });
});
