import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_DRIFT, SENSOR_BASELINE } from '../bronze/simulate/calibration.js';
import { parseChange, type Change } from '../bronze/simulate/change-spec.js';
import { periodOf } from '../bronze/simulate/clock.js';
import { simulateMachineEvents } from '../bronze/simulate/events.js';
import { buildFleet } from '../bronze/simulate/fleet.js';
import { FailureHazards } from '../bronze/simulate/hazard.js';
import type { Manifest } from '../bronze/simulate/manifest.js';
import { simulate } from '../bronze/simulate/simulate.js';
import { SENSORS, SOURCE_TABLES, type Sensor } from '../bronze/simulate/shape.js';
import { packageRoot } from '../sql/paths.js';
import { runCli, tempDir } from './helpers.js';

/**
 * `simulate --change`: every change is checked row by row against the same run without it, so
 * that it shows exactly where the manifest says and nowhere else.
 */

const RUN = { machines: 30, from: '2015-01-01', days: 45, seed: 11, format: 'csv', dirty: 0 } as const;
const HOURS = RUN.days * 24;
const START_MS = Date.parse(`${RUN.from}T00:00:00Z`);
/** A reading is written to 6 decimals: two roundings apart at most. */
const ROUNDING = 2.1e-6;

interface Reading {
  line: string;
  machine: number;
  hour: number;
  /** volt, rotate, pressure, vibration as written ('' when silent). */
  fields: string[];
}

function change(spec: string): Change {
  const parsed = parseChange(spec);
  if (!('change' in parsed)) throw new Error(parsed.error);
  return parsed.change;
}

function readTelemetry(dir: string): Reading[] {
  const [, ...lines] = readFileSync(join(dir, 'telemetry.csv'), 'utf8').trimEnd().split('\n');
  return lines.map((line) => {
    const [ts = '', id = '', ...fields] = line.split(',');
    return { line, machine: Number(id), hour: (Date.parse(`${ts.replace(' ', 'T')}Z`) - START_MS) / 3_600_000, fields };
  });
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const column = (sensor: Sensor): number => SENSORS.indexOf(sensor);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

const dir = tempDir('lakescore-sim-changes-');
const base = join(dir.path, 'base');
let baseRows: Reading[];

async function simulated(name: string, specs: string[]): Promise<{ out: string; rows: Reading[]; manifest: Manifest }> {
  const out = join(dir.path, name);
  await simulate({ ...RUN, out, changes: specs.map(change) });
  return { out, rows: readTelemetry(out), manifest: readManifest(out) };
}

/** The rows of `rows` that differ from the run without changes; both list the same keys in the same order. */
function differing(rows: Reading[]): { row: Reading; was: Reading }[] {
  expect(rows.map((r) => `${r.machine}|${r.hour}`)).toEqual(baseRows.map((r) => `${r.machine}|${r.hour}`));
  return rows.flatMap((row, i) => (row.line === baseRows[i]?.line ? [] : [{ row, was: baseRows[i] as Reading }]));
}

function expectEventTablesUnchanged(out: string): void {
  for (const table of SOURCE_TABLES.filter((t) => t !== 'telemetry')) {
    expect(readFileSync(join(out, `${table}.csv`)).equals(readFileSync(join(base, `${table}.csv`))), table).toBe(true);
  }
}

beforeAll(async () => {
  await simulate({ ...RUN, out: base });
  baseRows = readTelemetry(base);
});
afterAll(() => dir.remove());

describe('simulate without --change', () => {
  it('writes no changes into the manifest, and an empty list of changes is no change', async () => {
    expect(readManifest(base)).not.toHaveProperty('changes');
    const empty = join(dir.path, 'empty');
    await simulate({ ...RUN, out: empty, changes: [] });
    for (const name of [...SOURCE_TABLES.map((t) => `${t}.csv`), 'manifest.json']) {
      expect(readFileSync(join(empty, name)).equals(readFileSync(join(base, name))), name).toBe(true);
    }
  });
});

describe('an offset', () => {
  const spec = 'offset:sensor=volt,sd=2,day=20,share=0.3';
  let run: Awaited<ReturnType<typeof simulated>>;
  beforeAll(async () => {
    run = await simulated('offset', [spec]);
  });

  it('is in the manifest as given, from its first hour, with the machines it drew', () => {
    const [record, ...others] = run.manifest.changes ?? [];
    expect(others).toEqual([]);
    expect(record).toMatchObject({ spec, kind: 'offset', sensor: 'volt', sd: 2, day: 20, share: 0.3, from: '2015-01-21T00:00:00Z' });
    expect(record?.shift).toBeCloseTo(2 * 15.47, 10);
    const machines = record?.machines ?? [];
    expect(machines).toHaveLength(9);
    expect(machines).toEqual([...new Set(machines)].sort((a, b) => a - b));
    expect(machines.every((id) => id >= 1 && id <= RUN.machines)).toBe(true);
  });

  it('adds K standard deviations to that sensor of those machines from day D on, and changes nothing else', () => {
    const machines = new Set(run.manifest.changes?.[0]?.machines);
    const diffs = differing(run.rows);
    expect(diffs).toHaveLength(machines.size * (HOURS - 20 * 24));
    for (const { row, was } of diffs) {
      expect(machines.has(row.machine) && row.hour >= 20 * 24, row.line).toBe(true);
      expect(Math.abs(Number(row.fields[0]) - Number(was.fields[0]) - 2 * 15.47)).toBeLessThan(ROUNDING);
      expect(row.fields.slice(1)).toEqual(was.fields.slice(1));
    }
    expectEventTablesUnchanged(run.out);
  });

  it('moves the mean of the chosen machines by about K sd against the others', () => {
    const machines = new Set(run.manifest.changes?.[0]?.machines);
    const after = run.rows.filter((r) => r.hour >= 20 * 24);
    const volts = (chosen: boolean): number[] => after.filter((r) => machines.has(r.machine) === chosen).map((r) => Number(r.fields[0]));
    expect((mean(volts(true)) - mean(volts(false))) / 15.47).toBeGreaterThan(1.8);
    expect((mean(volts(true)) - mean(volts(false))) / 15.47).toBeLessThan(2.2);
  });

  it('gives the same bytes for the same options', async () => {
    const again = await simulated('offset-again', [spec]);
    for (const name of ['telemetry.csv', 'manifest.json']) expect(readFileSync(join(again.out, name)).equals(readFileSync(join(run.out, name))), name).toBe(true);
  });
});

describe('a silent sensor', () => {
  const spec = 'silent:sensor=pressure,day=30,share=0.2';
  const silentHours = HOURS - 30 * 24;
  let run: Awaited<ReturnType<typeof simulated>>;
  let machines: Set<number>;
  beforeAll(async () => {
    run = await simulated('silent', [spec]);
    machines = new Set(run.manifest.changes?.[0]?.machines);
  });

  it('leaves the field empty exactly for its machines from day D on', () => {
    expect(run.manifest.changes?.[0]).toMatchObject({ spec, kind: 'silent', from: '2015-01-31T00:00:00Z' });
    expect(run.manifest.changes?.[0]).not.toHaveProperty('shift');
    expect(machines.size).toBe(6);
    const diffs = differing(run.rows);
    expect(diffs).toHaveLength(machines.size * silentHours);
    for (const { row, was } of diffs) {
      expect(machines.has(row.machine) && row.hour >= 30 * 24, row.line).toBe(true);
      expect(row.fields).toEqual(was.fields.map((f, s) => (s === column('pressure') ? '' : f)));
    }
    expectEventTablesUnchanged(run.out);
  });

  it('writes NULL into typed Parquet', async () => {
    const parquet = join(dir.path, 'silent-parquet');
    await simulate({ ...RUN, format: 'parquet', out: parquet, changes: [change(spec)] });
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      const reader = await db.runAndReadAll(`SELECT count(*) FILTER (WHERE pressure IS NULL) AS silent, count(*) AS n FROM '${join(parquet, 'telemetry.parquet')}'`);
      expect(reader.getRowObjectsJS()).toEqual([{ silent: BigInt(machines.size * silentHours), n: BigInt(RUN.machines * HOURS) }]);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  /** Ingests the run and builds silver with the CLI; the counts silver ends with. */
  function silverCounts(lake: string, fleetArgs: string[]): { rows: number; silent: number; quarantined: number; reasons: string } {
    const lakescore = (...args: string[]): string => {
      const outcome = runCli(['--lake', lake, ...fleetArgs, ...args]);
      expect(outcome.code, outcome.stderr).toBe(0);
      return outcome.stdout;
    };
    lakescore('ingest', run.out);
    lakescore('build', 'silver');
    const [counts] = JSON.parse(
      lakescore(
        'sql',
        `SELECT (SELECT count(*) FROM silver_telemetry) AS rows, (SELECT count(*) FROM silver_telemetry WHERE pressure IS NULL) AS silent,
                (SELECT count(*) FROM silver_quarantine WHERE source_table = 'telemetry') AS quarantined,
                (SELECT coalesce(string_agg(DISTINCT reason, ','), '') FROM silver_quarantine) AS reasons`,
        '--format',
        'json',
      ),
    ) as { rows: number; silent: number; quarantined: number; reasons: string }[];
    return counts as { rows: number; silent: number; quarantined: number; reasons: string };
  }

  it('is kept by silver as NULL readings where the fleet declares the sensor optional', () => {
    const definition = readFileSync(join(packageRoot, 'fleet', 'default.yaml'), 'utf8');
    const optional = definition.replace(/^ {2}pressure:.*$/m, '  pressure: { optional: true }');
    expect(optional).not.toBe(definition);
    const fleetFile = join(dir.path, 'optional-pressure.yaml');
    writeFileSync(fleetFile, optional);
    expect(silverCounts(join(dir.path, 'lake-optional'), ['--fleet', fleetFile])).toEqual({ rows: RUN.machines * HOURS, silent: machines.size * silentHours, quarantined: 0, reasons: '' });
  });

  it('is quarantined as a missing field where the sensor is required, as in the built-in definition', () => {
    expect(silverCounts(join(dir.path, 'lake-built-in'), [])).toEqual({
      rows: RUN.machines * HOURS - machines.size * silentHours,
      silent: 0,
      quarantined: machines.size * silentHours,
      reasons: 'missing_required_field',
    });
  });
});

describe('a moved failure signature', () => {
  const spec = 'signature:component=comp2,sensor=pressure,day=15';
  // the usual drift, in standard deviations of the sensor it moves to
  const usual = FAILURE_DRIFT.comp2;
  const moved = (usual.shift / SENSOR_BASELINE.rotate.sd) * SENSOR_BASELINE.pressure.sd;
  let run: Awaited<ReturnType<typeof simulated>>;
  /** Per machine, the comp2 failures (those just after the period too, whose drift reaches into it). */
  const comp2Failures = new Map<number, number[]>();
  beforeAll(async () => {
    run = await simulated('signature', [spec]);
    const period = periodOf(RUN.from, RUN.days);
    const hazards = new FailureHazards();
    for (const machine of buildFleet(RUN.machines, RUN.seed)) {
      const events = simulateMachineEvents(machine, period, RUN.seed, hazards);
      comp2Failures.set(machine.id, [...events.failures, ...events.upcomingFailures].filter((f) => f.code === 'comp2').map((f) => f.hour));
    }
  });

  /** How many comp2 failures of the machine have `hour` in their 48 h of drift. */
  const driftsAt = (machine: number, hour: number): number => (comp2Failures.get(machine) ?? []).filter((f) => hour >= f - 48 && hour <= f).length;

  it('is in the manifest for every machine, with the size the drift takes on its new sensor', () => {
    const record = run.manifest.changes?.[0];
    expect(record).toMatchObject({ spec, kind: 'signature', component: 'comp2', sensor: 'pressure', day: 15, from: '2015-01-16T00:00:00Z' });
    expect(record?.shift).toBeCloseTo(moved, 10);
    expect(record?.machines).toEqual(Array.from({ length: RUN.machines }, (_, i) => i + 1));
  });

  it('drifts the new sensor instead of the usual one before failures from day D on, and nowhere else', () => {
    const expected = baseRows.filter((r) => r.hour >= 15 * 24 && driftsAt(r.machine, r.hour) > 0);
    // enough drift hours after day D to say something
    expect(expected.length).toBeGreaterThan(200);
    const diffs = differing(run.rows);
    expect(diffs.map((d) => d.row.line.slice(0, 25))).toEqual(expected.map((r) => r.line.slice(0, 25)));
    for (const { row, was } of diffs) {
      const n = driftsAt(row.machine, row.hour);
      const change = (sensor: Sensor): number => Number(row.fields[column(sensor)]) - Number(was.fields[column(sensor)]);
      expect(Math.abs(change('rotate') + n * usual.shift)).toBeLessThan(ROUNDING);
      expect(Math.abs(change('pressure') - n * moved)).toBeLessThan(ROUNDING);
      expect([row.fields[column('volt')], row.fields[column('vibration')]]).toEqual([was.fields[column('volt')], was.fields[column('vibration')]]);
    }
    expectEventTablesUnchanged(run.out);
  });

  it('leaves the 48 h before a comp2 failure after day D at the rotate baseline, with pressure shifted', () => {
    const near = run.rows.filter((r) => r.hour >= 15 * 24 && driftsAt(r.machine, r.hour) === 1);
    const calm = run.rows.filter((r) => driftsAt(r.machine, r.hour) === 0);
    const shiftOf = (sensor: Sensor): number => mean(near.map((r) => Number(r.fields[column(sensor)]))) - mean(calm.map((r) => Number(r.fields[column(sensor)])));
    expect(Math.abs(shiftOf('rotate'))).toBeLessThan(0.2 * Math.abs(usual.shift));
    expect(shiftOf('pressure') / moved).toBeGreaterThan(0.8);
    expect(shiftOf('pressure') / moved).toBeLessThan(1.2);
  });
});

describe('lakescore simulate --change', () => {
  const out = join(dir.path, 'cli');

  it('takes several changes and lists them in the manifest in the order given', () => {
    const specs = ['signature:component=comp1,sensor=vibration,day=3', 'offset:sensor=rotate,sd=-1.5,day=5', 'silent:sensor=volt,day=7,share=0.5'];
    const outcome = runCli(['simulate', '--out', out, '--machines', '4', '--days', '10', ...specs.flatMap((s) => ['--change', s])]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const changes = readManifest(out).changes ?? [];
    expect(changes.map((c) => [c.spec, c.kind, c.machines.length])).toEqual([
      [specs[0], 'signature', 4],
      [specs[1], 'offset', 4],
      [specs[2], 'silent', 2],
    ]);
    expect(readManifest(out).parameters).toEqual({ machines: 4, from: '2015-01-01', days: 10, seed: 1, format: 'csv', dirty: 0 });
  });

  it.each([
    ['offset:sensor=volts,sd=1,day=2', 'sensor: expected a sensor: volt, rotate, pressure, vibration'],
    ['offset:sensor=volt,day=2', 'sd: missing'],
    ['offset:sensor=volt,sd=0,day=2', 'an offset of 0 changes nothing'],
    ['offset:sensor=volt,sd=1e3,day=2', 'sd: expected a decimal number'],
    ['offset:sensor=volt,sd=1,day=2,day=3', 'day is given twice'],
    ['silent:sensor=volt,day=-1', 'day: expected a whole number of days from 0'],
    ['silent:sensor=volt,day=2,share=1.5', 'share: expected a share of at most 1'],
    ['silent:sensor=volt,day=2,loud=1', 'unknown key loud'],
    ['silent', 'expected silent:sensor=S,day=D[,share=F]'],
    ['signature:component=comp7,sensor=volt,day=2', 'component: expected a component: comp1, comp2, comp3, comp4'],
    ['signature:component=comp1,sensor=volt,day=2', "volt is already comp1's signature sensor"],
    ['drift:sensor=volt,day=2', 'unknown kind "drift"'],
  ])('says what is wrong with %s', (spec, message) => {
    const parsed = parseChange(spec);
    expect('error' in parsed && parsed.error).toContain(message);
  });

  it.each([
    ['offset:sensor=volts,sd=1,day=2', 'sensor: expected a sensor'],
    ['offset:sensor=volt,sd=1,day=10', 'day 10 is not within the 10 simulated days (0..9)'],
  ])('refuses %s with exit code 2 and one line naming it', (spec, message) => {
    const outcome = runCli(['simulate', '--out', join(dir.path, 'refused'), '--days', '10', '--change', 'offset:sensor=vibration,sd=1,day=1', '--change', spec]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.startsWith(`lakescore: --change: "${spec}": `), outcome.stderr).toBe(true);
    expect(outcome.stderr).toContain(message);
    expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir.path, 'refused'))).toBe(false);
  });

  it('refuses a silent sensor with --dirty', () => {
    const outcome = runCli(['simulate', '--out', join(dir.path, 'refused'), '--days', '10', '--dirty', '0.01', '--change', 'silent:sensor=volt,day=1']);
    expect(outcome).toMatchObject({ code: 2, stderr: 'lakescore: --change: "silent:sensor=volt,day=1": a silent sensor cannot be combined with --dirty\n' });
  });
});
