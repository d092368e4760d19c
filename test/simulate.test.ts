import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QUARANTINE_REASONS, type QuarantineReason } from '../bronze/quarantine.js';
import { periodOf } from '../bronze/simulate/clock.js';
import { simulateMachineEvents } from '../bronze/simulate/events.js';
import { buildFleet } from '../bronze/simulate/fleet.js';
import { FailureHazards } from '../bronze/simulate/hazard.js';
import { simulate } from '../bronze/simulate/simulate.js';
import { registerSimulate } from '../cli/simulate.js';
import type { Manifest, TableManifest } from '../bronze/simulate/manifest.js';
import { COMPONENTS, ERROR_CODES, MODELS, SOURCE_COLUMNS, SOURCE_TABLES, type SourceTable } from '../bronze/simulate/shape.js';
import { tempDir } from './helpers.js';

/**
 * The simulator against figures measured on the public Azure data set (../shared/data/azure-pdm),
 * byte-for-byte reproducibility, and --dirty's manifest against an independent reading of the files.
 */

type Row = Record<string, number | string | null>;

async function query(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString() : (v as number | string | null)])),
  );
}

async function one(connection: DuckDBConnection, sql: string): Promise<Row> {
  const [row] = await query(connection, sql);
  if (!row) throw new Error(`no row from ${sql}`);
  return row;
}

/** Within `tolerance` (a fraction) of `expected`. */
function expectNear(actual: unknown, expected: number, tolerance: number): void {
  const bounds = [expected * (1 - tolerance), expected * (1 + tolerance)];
  expect(Number(actual)).toBeGreaterThanOrEqual(Math.min(...bounds));
  expect(Number(actual)).toBeLessThanOrEqual(Math.max(...bounds));
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

describe('simulate: calibration on 100 machines x 365 days', () => {
  const dir = tempDir('lakescore-sim-');
  let instance: DuckDBInstance;
  let db: DuckDBConnection;
  const machines = 100;

  beforeAll(async () => {
    await simulate({ machines, from: '2015-01-01', days: 365, seed: 2024, format: 'csv', dirty: 0, out: dir.path });
    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
    await db.run(`SET TimeZone = 'UTC'`);
    for (const table of SOURCE_TABLES) {
      await db.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv('${join(dir.path, `${table}.csv`)}')`);
    }
    // failure times of one component only, to measure each component's own drift
    await db.run(`CREATE TABLE single_failures AS SELECT * FROM failures QUALIFY count(*) OVER (PARTITION BY machineID, datetime) = 1`);
  });

  afterAll(() => {
    db?.closeSync();
    instance?.closeSync();
    dir.remove();
  });

  it('writes hourly telemetry for every machine from --from 00:00, with the public column spellings', async () => {
    const header = readFileSync(join(dir.path, 'telemetry.csv'), 'utf8').slice(0, 100).split('\n')[0];
    expect(header).toBe(SOURCE_COLUMNS.telemetry.join(','));
    const t = await one(db, `SELECT count(*) n, count(DISTINCT (machineID, datetime)) k, min(datetime)::VARCHAR AS "first", max(datetime)::VARCHAR AS "last" FROM telemetry`);
    expect(t).toEqual({ n: machines * 8760, k: machines * 8760, first: '2015-01-01 00:00:00', last: '2015-12-31 23:00:00' });
  });

  it('matches the public sensor means and spreads (drift periods included)', async () => {
    const s = await one(
      db,
      `SELECT avg(volt) v, stddev(volt) vs, avg(rotate) r, stddev(rotate) rs, avg(pressure) p, stddev(pressure) ps, avg(vibration) b, stddev(vibration) bs FROM telemetry`,
    );
    expectNear(s.v, 171.0, 0.02);
    expectNear(s.r, 446.0, 0.02);
    expectNear(s.p, 100.6, 0.02);
    expectNear(s.b, 40.3, 0.02);
    expectNear(s.vs, 15.6, 0.1);
    expectNear(s.rs, 53.3, 0.1);
    expectNear(s.ps, 10.7, 0.1);
    expectNear(s.bs, 5.3, 0.1);
  });

  it('has the public model mix and ages 0..20', async () => {
    const rows = await query(db, `SELECT model, count(*) n, min(age) lo, max(age) hi FROM machines GROUP BY model ORDER BY model`);
    expect(rows.map((r) => [r.model, r.n])).toEqual([
      ['model1', 16],
      ['model2', 17],
      ['model3', 35],
      ['model4', 32],
    ]);
    expect(Math.min(...rows.map((r) => Number(r.lo)))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...rows.map((r) => Number(r.hi)))).toBeLessThanOrEqual(20);
  });

  it('fails about 7.6 times per machine-year, more for models 1 and 2', async () => {
    const overall = await one(db, `SELECT count(*) / ${machines} AS rate FROM failures`);
    expectNear(overall.rate, 7.61, 0.25);
    const byModel = await query(db, `SELECT model, count(f.machineID) / count(DISTINCT m.machineID) AS rate FROM machines m LEFT JOIN failures f USING (machineID) GROUP BY model ORDER BY model`);
    const publicRates: Record<string, number> = { model1: 11.8, model2: 9.9, model3: 6.3, model4: 5.7 };
    for (const row of byModel) expectNear(row.rate, publicRates[String(row.model)] ?? NaN, 0.25);
  });

  it('fails components in the public mix: comp2 > comp1 > comp4 > comp3', async () => {
    const rows = await query(db, `SELECT failure, count(*) / sum(count(*)) OVER () AS share FROM failures GROUP BY failure ORDER BY share DESC`);
    expect(rows.map((r) => r.failure)).toEqual(['comp2', 'comp1', 'comp4', 'comp3']);
    const publicShares: Record<string, number> = { comp1: 192 / 761, comp2: 259 / 761, comp3: 131 / 761, comp4: 179 / 761 };
    for (const row of rows) expectNear(row.share, publicShares[String(row.failure)] ?? NaN, 0.25);
  });

  it('breaks two components at once in about 5.8 % of failure times', async () => {
    const r = await one(db, `SELECT avg((n = 2)::INT) AS share, max(n) AS most FROM (SELECT count(*) n FROM failures GROUP BY machineID, datetime)`);
    expect(Number(r.share)).toBeGreaterThan(0.03);
    expect(Number(r.share)).toBeLessThan(0.09);
    expect(r.most).toBe(2);
  });

  it('puts failures and maintenance at 06:00, failures inside the telemetry, each with its replacement', async () => {
    const r = await one(
      db,
      `SELECT (SELECT count(*) FROM failures WHERE hour(datetime) <> 6) + (SELECT count(*) FROM maint WHERE hour(datetime) <> 6) AS off_hour,
              (SELECT count(*) FROM failures WHERE datetime < '2015-01-03' OR datetime > '2015-12-31 23:00:00') AS outside,
              (SELECT count(*) FROM failures f ANTI JOIN maint m ON m.machineID = f.machineID AND m.datetime = f.datetime AND m.comp = f.failure) AS unreplaced`,
    );
    expect(r).toEqual({ off_hour: 0, outside: 0, unreplaced: 0 });
  });

  it('starts the maintenance history seven months before the telemetry, like the public 2014-06-01', async () => {
    const r = await one(db, `SELECT min(datetime)::VARCHAR AS "first", count(*) FILTER (WHERE datetime < '2015-01-01') / ${machines} AS before_per_machine FROM maint`);
    expect(String(r.first).slice(0, 10)).toBe('2014-06-01');
    expect(Number(r.before_per_machine)).toBeGreaterThan(4);
  });

  it('replaces components at 15-day inspections at the public cadence (21.4 scheduled per machine-year)', async () => {
    const r = await one(
      db,
      `SELECT count(*) FILTER (WHERE date_diff('day', DATE '2014-06-01', m.datetime::DATE) % 15 <> p.phase) AS off_grid, count(*) / ${machines} AS per_year
       FROM maint m
       JOIN (SELECT machineID, mode(date_diff('day', DATE '2014-06-01', datetime::DATE) % 15) phase FROM maint GROUP BY 1) p USING (machineID)
       ANTI JOIN failures f ON f.machineID = m.machineID AND f.datetime = m.datetime AND f.failure = m.comp
       WHERE m.datetime >= '2015-01-01'`,
    );
    expect(r.off_grid).toBe(0);
    expectNear(r.per_year, 21.4, 0.25);
  });

  it('raises about 39 alarms per machine-year, error1 most and error5 least', async () => {
    const rate = await one(db, `SELECT count(*) / ${machines} AS rate FROM errors`);
    expectNear(rate.rate, 39.2, 0.25);
    const mix = await query(db, `SELECT errorID, count(*) n FROM errors GROUP BY 1 ORDER BY n DESC`);
    expect(mix.map((r) => r.errorID)).toEqual([...ERROR_CODES]);
  });

  it('bursts most alarms 24-48 h before a failure, with the codes of the failing component', async () => {
    await db.run(`CREATE TEMP TABLE alarm_pairs AS
      SELECT e.errorID, f.failure, date_diff('hour', e.datetime, f.datetime) AS lead
      FROM errors e JOIN single_failures f ON f.machineID = e.machineID AND f.datetime BETWEEN e.datetime AND e.datetime + INTERVAL 8 DAY`);
    const band = await one(db, `SELECT avg((lead BETWEEN 24 AND 48)::INT) AS share FROM alarm_pairs`);
    // public data: 1,170 of 1,579 alarms within 8 days before a failure
    expectNear(band.share, 1170 / 1579, 0.25);
    const top = await query(db, `SELECT failure, errorID, count(*) n FROM alarm_pairs WHERE lead BETWEEN 24 AND 48 GROUP BY failure, errorID QUALIFY rank() OVER (PARTITION BY failure ORDER BY n DESC) = 1 ORDER BY failure`);
    expect(top.map((r) => `${r.failure}:${r.errorID}`)).toEqual(['comp1:error1', expect.stringMatching(/^comp2:error[23]$/), 'comp3:error4', 'comp4:error5']);
  });

  it('drifts the signature sensor in the 48 h before a failure and not 2-7 days before', async () => {
    const baseline = await one(db, `SELECT avg(volt) volt, avg(rotate) rotate, avg(pressure) pressure, avg(vibration) vibration FROM telemetry`);
    const signature = { comp1: ['volt', 20], comp2: ['rotate', -75], comp3: ['pressure', 25], comp4: ['vibration', 10] } as const;
    for (const comp of COMPONENTS) {
      const [sensor, shift] = signature[comp];
      const r = await one(
        db,
        `SELECT avg(t.${sensor}) FILTER (WHERE f.datetime - t.datetime <= INTERVAL 48 HOUR) AS near,
                avg(t.${sensor}) FILTER (WHERE f.datetime - t.datetime BETWEEN INTERVAL 72 HOUR AND INTERVAL 168 HOUR) AS early
         FROM single_failures f JOIN telemetry t ON t.machineID = f.machineID AND t.datetime BETWEEN f.datetime - INTERVAL 168 HOUR AND f.datetime
         WHERE f.failure = '${comp}'`,
      );
      const base = Number(baseline[sensor]);
      expectNear(Number(r.near) - base, shift, 0.25);
      expect(Math.abs(Number(r.early) - base)).toBeLessThan(Math.abs(shift) * 0.15);
    }
  });

  it('wears components: failures come 25+ days after the last replacement, later on average than replacements', async () => {
    const r = await one(
      db,
      `SELECT avg((age < 25)::INT) AS early_share, avg(age) AS mean_age FROM (
         SELECT date_diff('day', (SELECT max(m.datetime) FROM maint m WHERE m.machineID = f.machineID AND m.comp = f.failure AND m.datetime < f.datetime), f.datetime) AS age
         FROM single_failures f) WHERE age IS NOT NULL`,
    );
    expect(Number(r.early_share)).toBeLessThan(0.03);
    expect(Number(r.mean_age)).toBeGreaterThan(40);
  });

  it('is learnable: the 12 h rolling mean of the signature sensor flags failures within 48 h', async () => {
    // observation grid every 12 h, as in gold; label = component of the first failure in (ts, ts + 48 h]
    await db.run(`CREATE TEMP TABLE grid AS
      SELECT machineID, datetime AS ts,
        avg(volt) OVER w AS volt, avg(rotate) OVER w AS rotate, avg(pressure) OVER w AS pressure, avg(vibration) OVER w AS vibration
      FROM telemetry WINDOW w AS (PARTITION BY machineID ORDER BY datetime RANGE BETWEEN INTERVAL 11 HOUR PRECEDING AND CURRENT ROW)
      QUALIFY hour(datetime) % 12 = 0 AND datetime >= '2015-01-02'`);
    // a rule a forest can find: the signature sensor's 12 h mean past 70 % of its drift
    await db.run(`CREATE TEMP TABLE flagged AS
      SELECT g.machineID, g.ts,
        CASE WHEN volt > 184.0 THEN 'comp1' WHEN rotate < 392.9 THEN 'comp2' WHEN pressure > 117.7 THEN 'comp3' WHEN vibration > 47.8 THEN 'comp4' END AS flag,
        (SELECT list(f.failure) FROM failures f WHERE f.machineID = g.machineID AND f.datetime > g.ts AND f.datetime <= g.ts + INTERVAL 48 HOUR) AS coming
      FROM grid g`);
    const r = await one(
      db,
      `SELECT (SELECT avg(coalesce(list_contains(coming, flag), false)::INT) FROM flagged WHERE flag IS NOT NULL) AS precision,
              (SELECT avg(detected::INT) FROM (
                 SELECT EXISTS (SELECT 1 FROM flagged g WHERE g.machineID = f.machineID AND g.flag = f.failure AND f.datetime - g.ts BETWEEN INTERVAL 1 HOUR AND INTERVAL 48 HOUR) AS detected
                 FROM failures f)) AS detected`,
    );
    expect(Number(r.detected)).toBeGreaterThan(0.9);
    expect(Number(r.precision)).toBeGreaterThan(0.75);
  });
});

describe('simulate: reproducibility', () => {
  const dir = tempDir('lakescore-sim-');
  afterAll(() => dir.remove());
  const small = { machines: 8, from: '2015-03-01', days: 30, seed: 7 };

  function filesOf(out: string): Map<string, Buffer> {
    return new Map(readdirSync(out).map((name) => [name, readFileSync(join(out, name))]));
  }

  for (const format of ['csv', 'csv.gz', 'parquet'] as const) {
    for (const dirty of [0, 0.02]) {
      it(`writes the same bytes for the same options (${format}, --dirty ${dirty})`, async () => {
        const [a, b] = ['a', 'b'].map((run) => join(dir.path, `${format}-${dirty}-${run}`)) as [string, string];
        await simulate({ ...small, format, dirty, out: a });
        await simulate({ ...small, format, dirty, out: b });
        const first = filesOf(a);
        expect([...first.keys()].sort()).toEqual([...SOURCE_TABLES.map((t) => `${t}.${format}`), 'manifest.json'].sort());
        for (const [name, bytes] of filesOf(b)) expect(bytes.equals(first.get(name) ?? Buffer.alloc(0)), name).toBe(true);
      });
    }
  }

  it('writes other data for another seed', async () => {
    const other = join(dir.path, 'other-seed');
    await simulate({ ...small, seed: 8, format: 'csv', dirty: 0, out: other });
    for (const table of SOURCE_TABLES) {
      expect(readFileSync(join(other, `${table}.csv`)).equals(readFileSync(join(dir.path, 'csv-0-a', `${table}.csv`))), table).toBe(false);
    }
  });

  it('gzips exactly the CSV bytes', () => {
    for (const table of SOURCE_TABLES) {
      const csv = readFileSync(join(dir.path, 'csv-0.02-a', `${table}.csv`));
      expect(gunzipSync(readFileSync(join(dir.path, 'csv.gz-0.02-a', `${table}.csv.gz`))).equals(csv), table).toBe(true);
    }
  });

  it('dirties rows without changing the fleet: every clean row is kept unless reformatted or replaced', () => {
    const manifest = readManifest(join(dir.path, 'csv-0.02-a'));
    for (const table of SOURCE_TABLES) {
      const dirtyRows = new Set(readFileSync(join(dir.path, 'csv-0.02-a', `${table}.csv`), 'utf8').split('\n'));
      const cleanRows = readFileSync(join(dir.path, 'csv-0-a', `${table}.csv`), 'utf8').split('\n');
      const m = manifest.tables[table];
      // telemetry's bad rows take the place of clean rows; elsewhere they are extra rows
      const replaced = table === 'telemetry' ? m.rows_written - m.clean_rows - m.exact_duplicates - m.conflicting_duplicates : 0;
      expect(cleanRows.filter((row) => !dirtyRows.has(row)).length, table).toBe(m.timestamp_forms.iso + m.timestamp_forms.us + replaced);
    }
  });
});

/**
 * An independent reading of simulated files by the rules of docs/tables.md#silver and docs/silver.md:
 * which rows are valid, why the others are not, and which valid rows repeat a key.
 */

const PLAIN_OR_ISO = /^(\d{4})-(\d{2})-(\d{2})([ T])(\d{2}):(\d{2}):(\d{2})(Z?)$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/;

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  const valid = year >= 1000 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  return valid ? ms : undefined;
}

function parseTimestamp(text: string): { ms: number; form: 'plain' | 'iso' | 'us' } | undefined {
  const p = PLAIN_OR_ISO.exec(text);
  if (p) {
    const ms = utc(+p[1]!, +p[2]!, +p[3]!, +p[5]!, +p[6]!, +p[7]!);
    const form = p[4] === 'T' ? 'iso' : p[8] === '' ? 'plain' : undefined;
    return ms === undefined || form === undefined ? undefined : { ms, form };
  }
  const u = US.exec(text);
  if (!u || +u[4]! < 1 || +u[4]! > 12) return undefined;
  const ms = utc(+u[3]!, +u[1]!, +u[2]!, (+u[4]! % 12) + (u[7] === 'PM' ? 12 : 0), +u[5]!, +u[6]!);
  return ms === undefined ? undefined : { ms, form: 'us' };
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;
const CODES: Partial<Record<SourceTable, readonly string[]>> = { errors: ERROR_CODES, maint: COMPONENTS, failures: COMPONENTS, machines: MODELS };

interface Reading {
  quarantine: Record<QuarantineReason, number>;
  exact: number;
  conflicting: number;
  conflictKeys: string[];
  clean: number;
  rows: number;
  forms: { iso: number; us: number };
}

function problemsOf(table: SourceTable, fields: string[], knownMachines: Set<string>): { problems: QuarantineReason[]; ms?: number; form?: string } {
  const columns = SOURCE_COLUMNS[table];
  const problems: QuarantineReason[] = [];
  if (fields.some((f) => f === '')) return { problems: ['missing_required_field'] };
  let ms: number | undefined;
  let form: string | undefined;
  columns.forEach((column, i) => {
    const value = fields[i] ?? '';
    if (column === 'datetime') {
      const parsed = parseTimestamp(value);
      if (!parsed) problems.push('unparseable_timestamp');
      else if (parsed.ms < Date.UTC(2000, 0, 1) || parsed.ms >= Date.UTC(2100, 0, 1)) problems.push('timestamp_out_of_range');
      ms = parsed?.ms;
      form = parsed?.form;
    } else if (column === 'machineID') {
      if (!/^\d+$/.test(value) || (table !== 'machines' && !knownMachines.has(value))) problems.push('unknown_machine');
    } else if (column === 'age') {
      if (NON_FINITE.test(value)) problems.push('non_finite_reading');
      else if (!/^\d+$/.test(value)) problems.push('non_numeric_reading');
    } else if (['volt', 'rotate', 'pressure', 'vibration'].includes(column)) {
      if (NON_FINITE.test(value)) problems.push('non_finite_reading');
      else if (!NUMBER.test(value)) problems.push('non_numeric_reading');
    } else if (!(CODES[table] ?? []).includes(value)) {
      problems.push('unknown_code');
    }
  });
  return { problems, ms, form };
}

function readTable(table: SourceTable, text: string, knownMachines: Set<string>): Reading {
  const lines = text.split('\n');
  expect(lines[0]).toBe(SOURCE_COLUMNS[table].join(','));
  expect(lines.at(-1)).toBe('');
  const reading: Reading = { quarantine: Object.fromEntries(QUARANTINE_REASONS.map((r) => [r, 0])) as Record<QuarantineReason, number>, exact: 0, conflicting: 0, conflictKeys: [], clean: 0, rows: 0, forms: { iso: 0, us: 0 } };
  const byKey = new Map<string, string>();
  const badRows = new Set<string>();
  for (const line of lines.slice(1, -1)) {
    reading.rows++;
    const fields = line.split(',');
    expect(fields).toHaveLength(SOURCE_COLUMNS[table].length);
    const { problems, ms, form } = problemsOf(table, fields, knownMachines);
    // every bad row has exactly one problem and is a row of its own
    expect(problems.length, line).toBeLessThanOrEqual(1);
    const [reason] = problems;
    if (reason) {
      reading.quarantine[reason]++;
      expect(badRows.has(line), line).toBe(false);
      badRows.add(line);
      continue;
    }
    if (form === 'iso' || form === 'us') reading.forms[form]++;
    const id = fields[SOURCE_COLUMNS[table].indexOf('machineID')] ?? '';
    const key = table === 'machines' ? id : table === 'telemetry' ? `${id}|${ms}` : `${id}|${ms}|${fields[2]}`;
    const values = table === 'telemetry' ? fields.slice(2).map(Number).join('|') : fields.slice(1).join('|');
    const seen = byKey.get(key);
    if (seen === undefined) {
      byKey.set(key, values);
    } else if (seen === values) {
      reading.exact++;
    } else {
      reading.conflicting++;
      reading.conflictKeys.push(table === 'machines' ? id : `${id}|${fields[0]}`);
    }
  }
  reading.clean = byKey.size;
  return reading;
}

describe('simulate --dirty: the manifest counts what the files hold', () => {
  const dir = tempDir('lakescore-sim-');
  let manifest: Manifest;
  const readings = new Map<SourceTable, Reading>();

  beforeAll(async () => {
    await simulate({ machines: 30, from: '2015-01-01', days: 90, seed: 99, format: 'csv', dirty: 0.02, out: dir.path });
    manifest = readManifest(dir.path);
    const text = (table: SourceTable): string => readFileSync(join(dir.path, `${table}.csv`), 'utf8');
    const machinesReading = readTable('machines', text('machines'), new Set());
    readings.set('machines', machinesReading);
    const known = new Set(
      text('machines')
        .split('\n')
        .slice(1, -1)
        .map((line) => line.split(','))
        .filter((fields) => problemsOf('machines', fields, new Set()).problems.length === 0)
        .map((fields) => fields[0] ?? ''),
    );
    for (const table of SOURCE_TABLES.filter((t) => t !== 'machines')) readings.set(table, readTable(table, text(table), known));
  });
  afterAll(() => dir.remove());

  for (const table of SOURCE_TABLES) {
    it(`${table}: rows, clean keys, quarantine reasons and duplicates`, () => {
      const m = manifest.tables[table] as TableManifest;
      const r = readings.get(table) as Reading;
      expect({ rows: r.rows, clean: r.clean, quarantine: r.quarantine, exact: r.exact, conflicting: r.conflicting, forms: r.forms }).toEqual({
        rows: m.rows_written,
        clean: m.clean_rows,
        quarantine: m.quarantine,
        exact: m.exact_duplicates,
        conflicting: m.conflicting_duplicates,
        forms: m.timestamp_forms,
      });
      expect(r.conflictKeys.sort()).toEqual(m.conflicting_keys.map((k) => (k.datetime === undefined ? k.machineID : `${k.machineID}|${k.datetime}`)).sort());
      expect(m.rows_written).toBe(m.clean_rows + m.exact_duplicates + m.conflicting_duplicates + Object.values(m.quarantine).reduce((a, b) => a + b, 0));
    });
  }

  it('mixes every kind that makes sense for a table into it', () => {
    const expected: Record<SourceTable, QuarantineReason[]> = {
      telemetry: ['missing_required_field', 'unparseable_timestamp', 'timestamp_out_of_range', 'unknown_machine', 'non_numeric_reading', 'non_finite_reading'],
      errors: ['missing_required_field', 'unparseable_timestamp', 'timestamp_out_of_range', 'unknown_machine', 'unknown_code'],
      maint: ['missing_required_field', 'unparseable_timestamp', 'timestamp_out_of_range', 'unknown_machine', 'unknown_code'],
      failures: ['missing_required_field', 'unparseable_timestamp', 'timestamp_out_of_range', 'unknown_machine', 'unknown_code'],
      machines: ['missing_required_field', 'non_numeric_reading', 'unknown_code'],
    };
    for (const table of SOURCE_TABLES) {
      const m = manifest.tables[table];
      const present = QUARANTINE_REASONS.filter((reason) => m.quarantine[reason] > 0);
      expect(present, table).toEqual(expected[table]);
      expect(m.exact_duplicates, table).toBeGreaterThan(0);
      expect(m.conflicting_duplicates > 0, table).toBe(table === 'telemetry' || table === 'machines');
      if (table !== 'machines') expect(Math.min(m.timestamp_forms.iso, m.timestamp_forms.us), table).toBeGreaterThan(0);
    }
    // about --dirty of the telemetry rows are bad or duplicated
    const t = manifest.tables.telemetry;
    expectNear((t.rows_written - t.clean_rows) / t.rows_written, 0.02, 0.1);
  });

  it('keeps dirty Parquet as text, with the same rows as the CSV', async () => {
    const out = join(dir.path, 'parquet');
    await simulate({ machines: 30, from: '2015-01-01', days: 90, seed: 99, format: 'parquet', dirty: 0.02, out });
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      for (const table of SOURCE_TABLES) {
        const types = await query(db, `SELECT DISTINCT column_type FROM (DESCRIBE SELECT * FROM '${join(out, `${table}.parquet`)}')`);
        expect(types).toEqual([{ column_type: 'VARCHAR' }]);
        const csv = readFileSync(join(dir.path, `${table}.csv`), 'utf8').split('\n').slice(1, -1);
        const rows = await query(db, `SELECT concat_ws(',', ${SOURCE_COLUMNS[table].map((c) => `coalesce("${c}", '')`).join(', ')}) AS line FROM '${join(out, `${table}.parquet`)}'`);
        expect(rows.map((r) => r.line)).toEqual(csv);
      }
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});

describe('lakescore simulate: options', () => {
  const dir = tempDir('lakescore-sim-');
  afterAll(() => dir.remove());

  async function run(args: string[]): Promise<{ exitCode: number; stderr: string; stdout: string }> {
    const program = new Command();
    registerSimulate(program);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['simulate', '--out', join(dir.path, 'out'), ...args], { from: 'user' });
      return { exitCode: Number(process.exitCode ?? 0), stderr: stderr.mock.calls.join(''), stdout: stdout.mock.calls.join('') };
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
      process.exitCode = 0;
    }
  }

  it.each([
    [['--format', 'xml'], '--format'],
    [['--dirty', '0.9'], '--dirty'],
    [['--machines', '100000'], '--machines'],
    [['--days', '0'], '--days'],
    [['--from', '2015-02-30'], '--from'],
    [['--seed', '-1'], '--seed'],
    [['--from', '1999-12-01'], 'must lie within'],
  ])('refuses %j with exit code 2', async (args, message) => {
    const result = await run(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('prints rows per table and the time taken', async () => {
    const result = await run(['--machines', '2', '--days', '3', '--format', 'csv.gz']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/in \d+\.\d s/);
    for (const table of SOURCE_TABLES) expect(result.stdout).toMatch(new RegExp(`${table}\\s+[\\d,]+ rows`));
  });
});

describe('the end of the simulated period', () => {
  it('keeps failing after the data ends: upcoming failures cast their drift, but are not written', () => {
    const period = periodOf('2015-01-01', 60);
    const hazards = new FailureHazards();
    const events = buildFleet(200, 9).map((machine) => simulateMachineEvents(machine, period, 9, hazards));
    const upcoming = events.flatMap((e) => e.upcomingFailures);
    expect(upcoming.length).toBeGreaterThan(0);
    expect(upcoming.every((f) => f.hour >= period.hours && f.hour < period.hours + 48)).toBe(true);
    expect(events.every((e) => [...e.failures, ...e.maint, ...e.errors].every((x) => x.hour < period.hours))).toBe(true);
  });
});
