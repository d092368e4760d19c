import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ingest, type IngestResult } from '../../bronze/ingest.js';
import { bronzeTable } from '../../bronze/tables.js';
import type { Fleet } from '../../fleet/fleet.js';
import { parseFleet } from '../../fleet/load.js';
import { buildGold } from '../../gold/build.js';
import { fleetParams } from '../../gold/params.js';
import { declareAllTables } from '../../jobs/lake-tables.js';
import { balances, buildSilver, type SilverBuildReport } from '../../silver/build.js';
import type { Row } from '../../sql/duckdb.js';
import { packageRoot } from '../../sql/paths.js';
import { eachTestInTempLake, readLake, type TempDir, withWriter } from '../helpers.js';

let dir: TempDir;
let lake: string;
eachTestInTempLake((d, l) => {
  dir = d;
  lake = l;
});

const fleetOf = (yaml: string): Fleet => parseFleet(yaml, 'lakescore.yaml');

/** Writes a text file (lines joined by \n, with a final \n), gzip-compressed when asked. */
function writeFile(name: string, lines: string[], options: { gzip?: boolean } = {}): string {
  const path = join(dir.path, name);
  const text = lines.join('\n') + '\n';
  writeFileSync(path, options.gzip ? gzipSync(Buffer.from(text, 'utf8')) : text);
  return path;
}

interface Run {
  ingested: IngestResult;
  report: SilverBuildReport;
}

/** Ingests the files and builds silver, then checks conservation for every source of the fleet. */
async function run(fleet: Fleet, files: string[]): Promise<Run> {
  const ingested = await withWriter(lake, (s) => ingest(s, fleet, files));
  const report = await withWriter(lake, (s) => buildSilver(s, fleet, { force: false }));
  await expectConservation(fleet, report);
  return { ingested, report };
}

const query = (fleet: Fleet, sql: string): Promise<Row[]> => readLake(lake, sql, (s) => declareAllTables(s, fleet));

/**
 * Every source is in the build report and balances; its bronze and quarantine counts there are
 * the ones the tables hold.
 */
async function expectConservation(fleet: Fleet, report: SilverBuildReport): Promise<void> {
  expect(report.tables.map((t) => t.table).sort()).toEqual(fleet.sources.map((s) => s.name).sort());
  for (const t of report.tables) {
    expect(balances(t), `${t.table} balances: ${JSON.stringify(t)}`).toBe(true);
    const source = fleet.sources.find((s) => s.name === t.table);
    const [counts] = await query(
      fleet,
      `SELECT (SELECT count(*) FROM ${bronzeTable(source as NonNullable<typeof source>)}) AS bronze,
              (SELECT count(*) FROM silver_quarantine WHERE source_table = '${t.table}') AS quarantined,
              (SELECT count(*) FROM silver_duplicates WHERE source_table = '${t.table}') AS duplicates`,
    );
    expect(counts).toEqual({ bronze: t.bronzeRows, quarantined: t.quarantined, duplicates: t.exactDuplicates + t.conflictingDuplicates });
  }
}

/** `source:row:reason` for every quarantined row, sorted. */
async function quarantine(fleet: Fleet): Promise<string[]> {
  const rows = await query(fleet, `SELECT source_table, _row_number, reason FROM silver_quarantine`);
  return rows.map((r) => `${String(r.source_table)}:${String(r._row_number)}:${String(r.reason)}`).sort();
}

const TS = `strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts`;

describe('a headerless, whitespace-delimited, gzip-compressed source', () => {
  const fleet = fleetOf(`
asset_id: integer
sensors:
  s1:
  s2:
sources:
  engines:
    files: "engines_*"
    holds: readings
    csv:
      delimiter: whitespace
      header: false
      columns: [unit, cycle, s1, s2, setting]
    asset: unit
    time: { column: cycle, counter: { origin: 2000-01-01, unit: 1d } }
    sensors: [s1, s2]
`);

  it('splits runs of spaces and tabs, ignores leading and trailing ones, and leaves out undeclared columns', async () => {
    const file = writeFile(
      'engines_001.txt.gz',
      ['1 1  641.82\t1589.70   -0.0007  ', '1\t\t2 642.15 \t 1591.82 0.0019', '  2   1   642.35  1587.99  -0.0043   '],
      { gzip: true },
    );
    const { ingested } = await run(fleet, [file]);
    expect(ingested.outcomes).toMatchObject([{ status: 'loaded', table: 'engines', rows: 3, ignoredColumns: ['setting'] }]);
    expect(await query(fleet, `SELECT cycle, unit, s1, s2 FROM bronze_engines ORDER BY _row_number`)).toEqual([
      { cycle: '1', unit: '1', s1: '641.82', s2: '1589.70' },
      { cycle: '2', unit: '1', s1: '642.15', s2: '1591.82' },
      { cycle: '1', unit: '2', s1: '642.35', s2: '1587.99' },
    ]);
    expect(await query(fleet, `SELECT machine_id, ${TS}, s1, s2 FROM silver_telemetry ORDER BY machine_id, ts`)).toEqual([
      { machine_id: 1, ts: '2000-01-02 00:00:00', s1: 641.82, s2: 1589.7 },
      { machine_id: 1, ts: '2000-01-03 00:00:00', s1: 642.15, s2: 1591.82 },
      { machine_id: 2, ts: '2000-01-02 00:00:00', s1: 642.35, s2: 1587.99 },
    ]);
    expect(await query(fleet, `SELECT status, table_name, format, row_count, ignored_columns FROM loads`)).toEqual([
      { status: 'loaded', table_name: 'engines', format: 'csv.gz', row_count: 3, ignored_columns: 'setting' },
    ]);
  });

  it('rejects the whole file when one line has another number of fields, naming the line', async () => {
    const bad = writeFile('engines_002.txt.gz', ['3 1 1 2 0', '3 2 1 2 0', '3 3 1 2', '3 4 1 2 0'], { gzip: true });
    const { ingested } = await run(fleet, [bad]);
    expect(ingested.outcomes).toHaveLength(1);
    expect(ingested.outcomes[0]).toMatchObject({ status: 'rejected', rows: 0 });
    expect(ingested.outcomes[0]?.message).toBe(`${bad}: line 3 has 4 fields, expected 5`);
    const [load] = await query(fleet, `SELECT status, row_count, error FROM loads`);
    expect(load).toEqual({ status: 'rejected', row_count: 0, error: `${bad}: line 3 has 4 fields, expected 5` });
    expect(await query(fleet, `SELECT count(*) AS n FROM bronze_engines`)).toEqual([{ n: 0 }]);
    expect(await query(fleet, `SELECT count(*) AS n FROM silver_telemetry`)).toEqual([{ n: 0 }]);
  });

  // whitespace means runs of spaces and tabs, at the ends of a line too
  it('ignores tabs at the start and end of a line too', async () => {
    const file = writeFile('engines_003.txt.gz', ['\t4 1 1 2 0', '4 2 1 2 0\t', ' \t4 3 1 2 0 \t '], { gzip: true });
    const { ingested } = await run(fleet, [file]);
    expect(ingested.outcomes).toMatchObject([{ status: 'loaded', rows: 3 }]);
    expect(await query(fleet, `SELECT machine_id, ${TS} FROM silver_telemetry ORDER BY ts`)).toEqual([
      { machine_id: 4, ts: '2000-01-02 00:00:00' },
      { machine_id: 4, ts: '2000-01-03 00:00:00' },
      { machine_id: 4, ts: '2000-01-04 00:00:00' },
    ]);
  });
});

describe('a counter as time', () => {
  const fleet = fleetOf(`
asset_id: text
sensors:
  temp:
sources:
  fleet_a:
    files: "a_*"
    holds: readings
    asset: { column: unit, prefix: "a-" }
    time: { column: cycle, counter: { origin: 2000-01-01, unit: 1d } }
    sensors: [temp]
  fleet_b:
    files: "b_*"
    holds: readings
    asset: { column: unit, prefix: "b-" }
    time: { column: cycle, counter: { origin: 2010-06-01, unit: 1d } }
    sensors: [temp]
  hours:
    files: "h_*"
    holds: readings
    asset: { column: unit, prefix: "h-" }
    time: { column: hours, counter: { origin: "2020-01-01 06:00", unit: 1h } }
    sensors: [temp]
`);

  it('is origin + n units; two sources numbered from 1 keep their assets apart by prefix', async () => {
    const a = writeFile('a_1.csv', ['unit,cycle,temp', '1,1,10', '1,2,11', '2,1,12', '1,-1,13']);
    const b = writeFile('b_1.csv', ['unit,cycle,temp', '1,1,20', '1,2,21']);
    await run(fleet, [a, b]);
    expect(await query(fleet, `SELECT machine_id, ${TS}, temp FROM silver_telemetry ORDER BY machine_id, ts`)).toEqual([
      { machine_id: 'a-1', ts: '2000-01-02 00:00:00', temp: 10 },
      { machine_id: 'a-1', ts: '2000-01-03 00:00:00', temp: 11 },
      { machine_id: 'a-2', ts: '2000-01-02 00:00:00', temp: 12 },
      { machine_id: 'b-1', ts: '2010-06-02 00:00:00', temp: 20 },
      { machine_id: 'b-1', ts: '2010-06-03 00:00:00', temp: 21 },
    ]);
    // cycle -1 is 1999-12-31, before any plausible machine data
    expect(await quarantine(fleet)).toEqual(['fleet_a:4:timestamp_out_of_range']);
  });

  it('may be fractional: operating hours with a unit of 1h', async () => {
    const h = writeFile('h_1.csv', ['unit,hours,temp', '1,0.5,30', '1,1.25,31', '1,1000.75,32', '1,0,33', '1,abc,34', '1,,35']);
    await run(fleet, [h]);
    expect(await query(fleet, `SELECT machine_id, ${TS}, temp FROM silver_telemetry ORDER BY ts`)).toEqual([
      { machine_id: 'h-1', ts: '2020-01-01 06:00:00', temp: 33 },
      { machine_id: 'h-1', ts: '2020-01-01 06:30:00', temp: 30 },
      { machine_id: 'h-1', ts: '2020-01-01 07:15:00', temp: 31 },
      { machine_id: 'h-1', ts: '2020-02-11 22:45:00', temp: 32 },
    ]);
    expect(await quarantine(fleet)).toEqual(['hours:5:unparseable_timestamp', 'hours:6:missing_required_field']);
  });
});

describe('a declared time format and zone', () => {
  const fleet = fleetOf(`
asset_id: integer
sensors:
  temp:
sources:
  plant:
    files: "plant*"
    holds: readings
    csv: { delimiter: ";" }
    asset: Anlage
    time: { column: Zeit, format: "%d.%m.%Y %H:%M", zone: Europe/Berlin }
    sensors: { temp: "Temp (C)" }
`);

  it('parses the format and converts local summer and winter times to UTC', async () => {
    const file = writeFile('plant-2021.csv', [
      'Zeit;Anlage;Temp (C)',
      '15.07.2021 14:30;1;20.5',
      '15.01.2021 14:30;1;3.5',
      '2021-01-16 14:30:00;1;4',
      '31.02.2021 10:00;1;5',
    ]);
    await run(fleet, [file]);
    expect(await query(fleet, `SELECT machine_id, ${TS}, temp FROM silver_telemetry ORDER BY ts`)).toEqual([
      { machine_id: 1, ts: '2021-01-15 13:30:00', temp: 3.5 },
      { machine_id: 1, ts: '2021-07-15 12:30:00', temp: 20.5 },
    ]);
    // the declared format replaces the default forms; 31 February is no date
    expect(await quarantine(fleet)).toEqual(['plant:3:unparseable_timestamp', 'plant:4:unparseable_timestamp']);
  });
});

describe('asset ids', () => {
  it('are integers only when written plainly: others are unknown machines, never another machine', async () => {
    const fleet = fleetOf(`
asset_id: integer
sensors:
  temp:
sources:
  tele: { files: "tele*", holds: readings, asset: id, time: ts, sensors: [temp] }
`);
    const file = writeFile('tele.csv', [
      'ts,id,temp',
      '2021-01-01 00:00:00,1,1',
      '2021-01-01 00:00:00,2,2',
      '2021-01-01 00:00:00,10,10',
      '2021-01-01 00:00:00,19,19',
      '2021-01-01 00:00:00,20,20',
      '2021-01-01 01:00:00,1.5,1.5',
      '2021-01-01 01:00:00,0x2,2',
      '2021-01-01 01:00:00,1e1,10',
      '2021-01-01 01:00:00,19.6,19.6',
      '2021-01-01 01:00:00,1_0,10',
      '2021-01-01 01:00:00, 7 ,7',
      '2021-01-01 01:00:00,99999999999,0',
    ]);
    await run(fleet, [file]);
    expect(await query(fleet, `SELECT machine_id, ${TS}, temp FROM silver_telemetry ORDER BY machine_id, ts`)).toEqual([
      { machine_id: 1, ts: '2021-01-01 00:00:00', temp: 1 },
      { machine_id: 2, ts: '2021-01-01 00:00:00', temp: 2 },
      { machine_id: 7, ts: '2021-01-01 01:00:00', temp: 7 },
      { machine_id: 10, ts: '2021-01-01 00:00:00', temp: 10 },
      { machine_id: 19, ts: '2021-01-01 00:00:00', temp: 19 },
      { machine_id: 20, ts: '2021-01-01 00:00:00', temp: 20 },
    ]);
    expect(await quarantine(fleet)).toEqual([6, 7, 8, 9, 10, 12].map((r) => `tele:${r}:unknown_machine`).sort());
    const [raw] = await query(fleet, `SELECT raw_values FROM silver_quarantine WHERE _row_number = 7`);
    expect(JSON.parse(String(raw?.raw_values))).toEqual({ id: '0x2', ts: '2021-01-01 01:00:00', temp: '2' });
  });

  it('as text keep quotes, inner spaces, unicode forms and case apart, trimming only the ends', async () => {
    const fleet = fleetOf(`
asset_id: text
sensors:
  temp:
sources:
  tele: { files: "tele*", holds: readings, asset: id, time: ts, sensors: [temp] }
`);
    const precomposed = 'Caf\u00e9';
    const combining = 'Cafe\u0301';
    const file = writeFile('tele.csv', [
      'ts,id,temp',
      '2021-01-01 00:00:00,"TX 17",1',
      '2021-01-01 00:00:00,TX-17,2',
      '2021-01-01 00:00:00,tx-17,3',
      '2021-01-01 00:00:00,TX  17,4',
      '2021-01-01 00:00:00,"say ""hi""",5',
      `2021-01-01 00:00:00,${precomposed},6`,
      `2021-01-01 00:00:00,${combining},7`,
      '2021-01-01 00:00:00,  pump 3   ,8',
      '2021-01-01 01:00:00,pump 3,9',
      '2021-01-01 00:00:00,"  quoted pad  ",10',
      '2021-01-01 00:00:00,   ,11',
    ]);
    await run(fleet, [file]);
    const rows = await query(fleet, `SELECT machine_id, ${TS}, temp FROM silver_telemetry`);
    const expected = [
      { machine_id: 'TX 17', ts: '2021-01-01 00:00:00', temp: 1 },
      { machine_id: 'TX-17', ts: '2021-01-01 00:00:00', temp: 2 },
      { machine_id: 'tx-17', ts: '2021-01-01 00:00:00', temp: 3 },
      { machine_id: 'TX  17', ts: '2021-01-01 00:00:00', temp: 4 },
      { machine_id: 'say "hi"', ts: '2021-01-01 00:00:00', temp: 5 },
      { machine_id: precomposed, ts: '2021-01-01 00:00:00', temp: 6 },
      { machine_id: combining, ts: '2021-01-01 00:00:00', temp: 7 },
      { machine_id: 'pump 3', ts: '2021-01-01 00:00:00', temp: 8 },
      { machine_id: 'pump 3', ts: '2021-01-01 01:00:00', temp: 9 },
      { machine_id: 'quoted pad', ts: '2021-01-01 00:00:00', temp: 10 },
    ];
    const byTemp = (x: Row, y: Row): number => Number(x.temp) - Number(y.temp);
    expect([...rows].sort(byTemp)).toEqual(expected);
    expect(await quarantine(fleet)).toEqual(['tele:11:missing_required_field']);
  });
});

describe('sensor ranges and optional sensors', () => {
  const fleet = fleetOf(`
asset_id: integer
sensors:
  temp: { min: -40, max: 150 }
  vib: { optional: true, max: 10 }
sources:
  tele: { files: "tele*", holds: readings, asset: id, time: ts, sensors: [temp, vib] }
  old: { files: "old*", holds: readings, asset: id, time: ts, sensors: [temp] }
`);

  it('quarantines a value outside min/max; an optional sensor may be empty or absent, a required one not', async () => {
    const tele = writeFile('tele.csv', [
      'ts,id,temp,vib',
      '2021-01-01 00:00:00,1,-40,1',
      '2021-01-01 01:00:00,1,150,',
      '2021-01-01 02:00:00,1,150.01,1',
      '2021-01-01 03:00:00,1,-40.5,1',
      '2021-01-01 04:00:00,1,,2',
      '2021-01-01 05:00:00,1,20,10.5',
      '2021-01-01 06:00:00,1,  ,3',
      '2021-01-01 07:00:00,1,20,  ',
    ]);
    const old = writeFile('old.csv', ['ts,id,temp', '2021-01-01 08:00:00,1,30']);
    await run(fleet, [tele, old]);
    expect(await query(fleet, `SELECT machine_id, ${TS}, temp, vib FROM silver_telemetry ORDER BY ts`)).toEqual([
      { machine_id: 1, ts: '2021-01-01 00:00:00', temp: -40, vib: 1 },
      { machine_id: 1, ts: '2021-01-01 01:00:00', temp: 150, vib: null },
      { machine_id: 1, ts: '2021-01-01 07:00:00', temp: 20, vib: null },
      { machine_id: 1, ts: '2021-01-01 08:00:00', temp: 30, vib: null },
    ]);
    expect(await quarantine(fleet)).toEqual([
      'tele:3:reading_out_of_range',
      'tele:4:reading_out_of_range',
      'tele:5:missing_required_field',
      'tele:6:reading_out_of_range',
      'tele:7:missing_required_field',
    ]);
  });

  it('takes plain decimal numbers only: a digit separator or a thousands comma is not a number', async () => {
    const tele = writeFile('tele.csv', ['ts,id,temp,vib', '2021-01-01 00:00:00,1,1e2,.5', '2021-01-01 01:00:00,1,1_0,1', '2021-01-01 02:00:00,1,"1,0",1', '2021-01-01 03:00:00,1,+7.,1_0']);
    await run(fleet, [tele]);
    expect(await query(fleet, `SELECT temp, vib FROM silver_telemetry ORDER BY ts`)).toEqual([{ temp: 100, vib: 0.5 }]);
    expect(await quarantine(fleet)).toEqual(['tele:2:non_numeric_reading', 'tele:3:non_numeric_reading', 'tele:4:non_numeric_reading']);
  });
});

describe('columns a source does not name', () => {
  const fleet = fleetOf(`
asset_id: integer
sensors:
  volt:
  rotate:
sources:
  tele: { files: "tele*", holds: readings, asset: machineID, time: datetime, sensors: [volt, rotate] }
`);

  it('are left out of bronze and listed in loads; a missing named column rejects the file; an extra one does not', async () => {
    const first = writeFile('tele_1.csv', ['datetime,machineID,volt,comment,rotate,Site', '2021-01-01 00:00:00,1,170,"ok, fine",440,north']);
    const missing = writeFile('tele_2.csv', ['datetime,machineID,volt', '2021-01-01 01:00:00,1,171']);
    const extra = writeFile('tele_3.csv', ['machineID,rotate,datetime,humidity,volt,comment,Site', '1,442,2021-01-01 02:00:00,55,172,,south']);
    const { ingested } = await run(fleet, [first, missing, extra]);
    expect(ingested.outcomes.map((o) => [o.status, o.ignoredColumns])).toEqual([
      ['loaded', ['comment', 'Site']],
      ['rejected', undefined],
      ['loaded', ['humidity', 'comment', 'Site']],
    ]);
    expect(ingested.outcomes[1]?.message).toContain(`${missing}: missing column rotate for source tele`);
    const loads = await query(fleet, `SELECT file, status, row_count, ignored_columns, error FROM loads ORDER BY load_id`);
    expect(loads.map((l) => ({ ...l, file: basename(String(l.file)) }))).toEqual([
      { file: 'tele_1.csv', status: 'loaded', row_count: 1, ignored_columns: 'comment, Site', error: null },
      { file: 'tele_2.csv', status: 'rejected', row_count: 0, ignored_columns: null, error: ingested.outcomes[1]?.message },
      { file: 'tele_3.csv', status: 'loaded', row_count: 1, ignored_columns: 'humidity, comment, Site', error: null },
    ]);
    const columns = await query(fleet, `SELECT column_name FROM (DESCRIBE bronze_tele)`);
    expect(columns.map((c) => c.column_name)).toEqual(['datetime', 'machineid', 'volt', 'rotate', '_source_file', '_source_sha256', '_load_id', '_row_number', '_loaded_at']);
    expect(await query(fleet, `SELECT datetime, machineid, volt, rotate, _load_id FROM bronze_tele ORDER BY _load_id`)).toEqual([
      { datetime: '2021-01-01 00:00:00', machineid: '1', volt: '170', rotate: '440', _load_id: 1 },
      { datetime: '2021-01-01 02:00:00', machineid: '1', volt: '172', rotate: '442', _load_id: 3 },
    ]);
    expect(await query(fleet, `SELECT machine_id, ${TS}, volt, rotate FROM silver_telemetry ORDER BY ts`)).toEqual([
      { machine_id: 1, ts: '2021-01-01 00:00:00', volt: 170, rotate: 440 },
      { machine_id: 1, ts: '2021-01-01 02:00:00', volt: 172, rotate: 442 },
    ]);
  });
});

describe('alarm codes', () => {
  const withAlarms = (alarms: string): Fleet =>
    fleetOf(`
asset_id: integer
sensors:
  volt:
alarms: ${alarms}
sources:
  tele: { files: "tele*", holds: readings, asset: id, time: ts, sensors: [volt] }
  alarms: { files: "alarm*", holds: alarms, asset: id, time: ts, code: code }
`);

  it('open: true accepts any code, kept as written but trimmed', async () => {
    const fleet = withAlarms('{ open: true, top: 3 }');
    const file = writeFile('alarms.csv', [
      'ts,id,code',
      '2021-01-01 00:00:00,1,E-117',
      '2021-01-01 01:00:00,1, E-117 ',
      '2021-01-01 02:00:00,1,e-117',
      '2021-01-01 03:00:00,1,Pump fault: low pressure',
      '2021-01-01 04:00:00,1,',
    ]);
    await run(fleet, [file]);
    expect(await query(fleet, `SELECT machine_id, ${TS}, error_id FROM silver_errors ORDER BY ts`)).toEqual([
      { machine_id: 1, ts: '2021-01-01 00:00:00', error_id: 'E-117' },
      { machine_id: 1, ts: '2021-01-01 01:00:00', error_id: 'E-117' },
      { machine_id: 1, ts: '2021-01-01 02:00:00', error_id: 'e-117' },
      { machine_id: 1, ts: '2021-01-01 03:00:00', error_id: 'Pump fault: low pressure' },
    ]);
    expect(await quarantine(fleet)).toEqual(['alarms:5:missing_required_field']);
  });

  it('open with a code list stores a listed code as declared, whatever its case, and any other as written', async () => {
    const fleet = withAlarms('{ open: true, codes: [E-117] }');
    const file = writeFile('alarms.csv', ['ts,id,code', '2021-01-01 00:00:00,1,e-117', '2021-01-01 01:00:00,1,\tE-117', '2021-01-01 02:00:00,1,W-9']);
    await run(fleet, [file]);
    expect(await query(fleet, `SELECT error_id FROM silver_errors ORDER BY ts`)).toEqual([{ error_id: 'E-117' }, { error_id: 'E-117' }, { error_id: 'W-9' }]);
  });

  it('a declared list matches case-insensitively and stores the declared spelling; another code is unknown', async () => {
    const fleet = withAlarms('{ codes: [Overheat, E-2] }');
    const file = writeFile('alarms.csv', [
      'ts,id,code',
      '2021-01-01 00:00:00,1,overheat',
      '2021-01-01 01:00:00,1, OVERHEAT ',
      '2021-01-01 02:00:00,1,e-2',
      '2021-01-01 03:00:00,1,E-9',
      '2021-01-01 04:00:00,1,E_2',
      '2021-01-01 05:00:00,1,Overheat',
    ]);
    await run(fleet, [file]);
    expect(await query(fleet, `SELECT machine_id, ${TS}, error_id FROM silver_errors ORDER BY ts`)).toEqual([
      { machine_id: 1, ts: '2021-01-01 00:00:00', error_id: 'Overheat' },
      { machine_id: 1, ts: '2021-01-01 01:00:00', error_id: 'Overheat' },
      { machine_id: 1, ts: '2021-01-01 02:00:00', error_id: 'E-2' },
      { machine_id: 1, ts: '2021-01-01 05:00:00', error_id: 'Overheat' },
    ]);
    expect(await quarantine(fleet)).toEqual(['alarms:4:unknown_code', 'alarms:5:unknown_code']);
  });
});

describe('failures', () => {
  it('as a flag column of the readings: each flagged reading is one failure of class `failure`, by default at the end of its step', async () => {
    const fleet = fleetOf(`
asset_id: text
sensors:
  temp:
sources:
  tele: { files: "tele*", holds: readings, asset: unit, time: ts, sensors: [temp], failure_flag: failed }
`);
    expect(fleet.classes).toEqual(['failure']);
    const file = writeFile('tele.csv', [
      'ts,unit,temp,failed',
      '2021-01-01 00:00:00,u1,10,0',
      '2021-01-01 01:00:00,u1,11,1',
      '2021-01-01 02:00:00,u1,12,false',
      '2021-01-01 03:00:00,u1,13, TRUE ',
      '2021-01-01 04:00:00,u2,14,true',
      '2021-01-01 05:00:00,u2,15,2',
      '2021-01-01 06:00:00,u2,16,maybe',
      '2021-01-01 01:00:00,u1,11,1',
    ]);
    const { report } = await run(fleet, [file]);
    expect(report.tables.find((t) => t.table === 'tele')).toMatchObject({ bronzeRows: 8, silverRows: 5, exactDuplicates: 1, quarantined: 2 });
    expect(await query(fleet, `SELECT machine_id, ${TS}, temp FROM silver_telemetry ORDER BY machine_id, ts`)).toEqual([
      { machine_id: 'u1', ts: '2021-01-01 00:00:00', temp: 10 },
      { machine_id: 'u1', ts: '2021-01-01 01:00:00', temp: 11 },
      { machine_id: 'u1', ts: '2021-01-01 02:00:00', temp: 12 },
      { machine_id: 'u1', ts: '2021-01-01 03:00:00', temp: 13 },
      { machine_id: 'u2', ts: '2021-01-01 04:00:00', temp: 14 },
    ]);
    // the built-in step is 12h
    expect(await query(fleet, `SELECT machine_id, ${TS}, failure FROM silver_failures ORDER BY machine_id, ts`)).toEqual([
      { machine_id: 'u1', ts: '2021-01-01 13:00:00', failure: 'failure' },
      { machine_id: 'u1', ts: '2021-01-01 15:00:00', failure: 'failure' },
      { machine_id: 'u2', ts: '2021-01-01 16:00:00', failure: 'failure' },
    ]);
    expect(await quarantine(fleet)).toEqual(['tele:6:unknown_code', 'tele:7:unknown_code']);
  });

  it('as flags timed by each readings source: at the reading, or at the end of its step', async () => {
    const fleet = fleetOf(`
sensors:
  temp:
features: { step: 1d }
sources:
  daily: { files: "daily*", holds: readings, asset: unit, time: ts, sensors: [temp], failure_flag: failed }
  live: { files: "live*", holds: readings, asset: unit, time: ts, sensors: [temp], failure_flag: { column: failed, at: reading } }
`);
    const daily = writeFile('daily.csv', ['ts,unit,temp,failed', '2021-01-01 00:00:00,u1,10,1']);
    const live = writeFile('live.csv', ['ts,unit,temp,failed', '2021-01-01 06:30:00,u2,11,1']);
    await run(fleet, [daily, live]);
    expect(await query(fleet, `SELECT machine_id, ${TS} FROM silver_failures ORDER BY machine_id`)).toEqual([
      { machine_id: 'u1', ts: '2021-01-02 00:00:00' },
      { machine_id: 'u2', ts: '2021-01-01 06:30:00' },
    ]);
  });

  it('without a component are of the one class `failure`', async () => {
    const fleet = fleetOf(`
asset_id: integer
sensors:
  temp:
sources:
  tele: { files: "tele*", holds: readings, asset: id, time: ts, sensors: [temp] }
  breakdowns: { files: "breakdown*", holds: failures, asset: id, time: ts }
`);
    const file = writeFile('breakdowns.csv', ['ts,id,note', '2021-01-02 06:00:00,1,smoke', '2021-01-03 06:00:00,2,', '2021-01-02 06:00:00,1,smoke again', 'never,3,']);
    const { report } = await run(fleet, [file]);
    expect(report.tables.find((t) => t.table === 'breakdowns')).toMatchObject({ bronzeRows: 4, silverRows: 2, exactDuplicates: 1, quarantined: 1 });
    expect(await query(fleet, `SELECT machine_id, ${TS}, failure FROM silver_failures ORDER BY machine_id`)).toEqual([
      { machine_id: 1, ts: '2021-01-02 06:00:00', failure: 'failure' },
      { machine_id: 2, ts: '2021-01-03 06:00:00', failure: 'failure' },
    ]);
    expect(await quarantine(fleet)).toEqual(['breakdowns:4:unparseable_timestamp']);
  });
});

describe('attributes repeated in the readings', () => {
  it("give silver_machines each asset's values from its latest reading", async () => {
    const fleet = fleetOf(`
asset_id: text
sensors:
  temp:
attributes:
  model: { kind: categorical, values: [m1, m2] }
  age: { kind: integer }
sources:
  tele: { files: "tele*", holds: readings, asset: unit, time: ts, sensors: [temp], attributes: [model, age] }
`);
    const file = writeFile('tele.csv', [
      'ts,unit,temp,model,age',
      '2021-01-01 00:00:00,u1,1,m1,3',
      '2021-01-03 00:00:00,u1,3,M2,5',
      '2021-01-02 00:00:00,u1,2,m1,4',
      '2021-01-01 00:00:00,u2,1,m2,7',
      '2021-01-05 00:00:00,u2,1,m9,8',
      '2021-01-01 00:00:00,u3,1,m1,2.5',
    ]);
    await run(fleet, [file]);
    expect(await query(fleet, `SELECT machine_id, model, age FROM silver_machines ORDER BY machine_id`)).toEqual([
      { machine_id: 'u1', model: 'm2', age: 5 },
      { machine_id: 'u2', model: 'm2', age: 7 },
    ]);
    const columns = await query(fleet, `SELECT column_name FROM (DESCRIBE silver_telemetry)`);
    expect(columns.map((c) => c.column_name)).toEqual(['machine_id', 'ts', 'temp', 'model', 'age', '_load_id', '_row_number']);
    expect(await query(fleet, `SELECT machine_id, ${TS}, temp FROM silver_telemetry ORDER BY machine_id, ts`)).toEqual([
      { machine_id: 'u1', ts: '2021-01-01 00:00:00', temp: 1 },
      { machine_id: 'u1', ts: '2021-01-02 00:00:00', temp: 2 },
      { machine_id: 'u1', ts: '2021-01-03 00:00:00', temp: 3 },
      { machine_id: 'u2', ts: '2021-01-01 00:00:00', temp: 1 },
    ]);
    expect(await quarantine(fleet)).toEqual(['tele:5:unknown_code', 'tele:6:non_numeric_reading']);
  });
});

/** The example blocks of one section of docs/fleet.md, in order, so that the doc's example is the one tested. */
function docExamples(heading: string): string[] {
  const text = readFileSync(join(packageRoot, 'docs', 'fleet.md'), 'utf8');
  const section = text.slice(text.indexOf(heading)).split(/\n##/)[0] ?? '';
  return [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

describe('attributes repeated in the readings, as docs/fleet.md shows them', () => {
  it("keep a drive's model and its byte count from its latest daily reading", async () => {
    const [line, definition] = docExamples('### Attributes in the readings, and categorical features');
    const fleet = fleetOf(definition ?? '');
    const [header, row] = (line ?? '').trim().split('\n');
    const later = (row ?? '').replace('2021-03-01', '2021-03-02').replace(',31', ',33').replace('ST8000NM0055', 'ST8000NM000A');
    await run(fleet, [writeFile('2021-03.csv', [header ?? '', row ?? '', later])]);
    expect(await query(fleet, `SELECT machine_id, model, capacity_bytes FROM silver_machines`)).toEqual([
      { machine_id: 'ZA1FLE1P', model: 'ST8000NM000A', capacity_bytes: 8001563222016 },
    ]);
    expect(await query(fleet, `SELECT temp FROM silver_telemetry ORDER BY ts`)).toEqual([{ temp: 31 }, { temp: 33 }]);
  });
});

describe('what a second review found', () => {
  it('takes readings sources that differ in the flag and attributes they carry, and keywords as header names', async () => {
    const fleet = fleetOf(`
asset_id: text
sensors:
  volt:
attributes:
  kind: { kind: categorical }
sources:
  old: { files: "old*", holds: readings, asset: id, time: ts, sensors: { volt: Order } }
  new: { files: "new*", holds: readings, asset: id, time: ts, sensors: [volt], attributes: { kind: Group }, failure_flag: failed }
`);
    const old = writeFile('old.csv', ['id,ts,Order', 'a,2021-01-01 00:00:00,1', 'b,2021-01-01 00:00:00,2']);
    const recent = writeFile('new.csv', ['id,ts,volt,Group,failed', 'a,2021-01-02 00:00:00,3,x,1.0', 'b,2021-01-02 00:00:00,4,y,0']);
    await run(fleet, [old, recent]);
    expect(await query(fleet, `SELECT machine_id, volt FROM silver_telemetry ORDER BY ALL`)).toEqual([
      { machine_id: 'a', volt: 1 },
      { machine_id: 'a', volt: 3 },
      { machine_id: 'b', volt: 2 },
      { machine_id: 'b', volt: 4 },
    ]);
    expect(await query(fleet, `SELECT machine_id, kind FROM silver_machines ORDER BY ALL`)).toEqual([
      { machine_id: 'a', kind: 'x' },
      { machine_id: 'b', kind: 'y' },
    ]);
    expect(await query(fleet, `SELECT machine_id, failure FROM silver_failures`)).toEqual([{ machine_id: 'a', failure: 'failure' }]);
    expect(await query(fleet, `SELECT order_ FROM bronze_old ORDER BY ALL`)).toEqual([{ order_: '1' }, { order_: '2' }]);
  });

  it('reads a column the definition newly names as empty in files loaded before, without reloading them', async () => {
    const before = fleetOf(`
asset_id: integer
sensors:
  volt:
sources:
  tele: { files: "tele*", holds: readings, asset: id, time: ts, sensors: [volt] }
`);
    await run(before, [writeFile('tele.csv', ['id,ts,volt,hum', '1,2021-01-01 00:00:00,1,50'])]);
    const after = fleetOf(`
asset_id: integer
sensors:
  volt:
  hum: { optional: true }
sources:
  tele: { files: "tele*", holds: readings, asset: id, time: ts, sensors: [volt, hum] }
`);
    const report = await withWriter(lake, (s) => buildSilver(s, after, { force: false }));
    expect(report.buildId).toBe(2);
    expect(await query(after, `SELECT machine_id, volt, hum FROM silver_telemetry`)).toEqual([{ machine_id: 1, volt: 1, hum: null }]);
  });

  it('ignores blank lines and a trailing blank line in a whitespace-separated file, keeping line numbers', async () => {
    const fleet = fleetOf(`
asset_id: integer
sensors:
  volt:
sources:
  tele: { files: "tele*", holds: readings, csv: { delimiter: whitespace, header: false, columns: [id, n, volt] }, asset: id, time: { column: n, counter: { origin: 2020-01-01, unit: 1h } }, sensors: [volt] }
`);
    const { ingested } = await run(fleet, [writeFile('tele.txt', ['1 1 5', '', '1 2 x', '   ', ''])]);
    expect(ingested.outcomes).toMatchObject([{ status: 'loaded', rows: 2 }]);
    expect(await quarantine(fleet)).toEqual(['tele:3:non_numeric_reading']);
  });

  it('counts the N most frequent alarm codes that name distinct columns, and finds them anew on --reset', async () => {
    const fleet = fleetOf(`
asset_id: integer
sensors:
  volt:
alarms: { open: true, top: 2 }
sources:
  tele: { files: "tele*", holds: readings, asset: id, time: ts, sensors: [volt] }
  alarms: { files: "alarm*", holds: alarms, asset: id, time: ts, code: code }
`);
    const tele = writeFile('tele.csv', ['id,ts,volt', '1,2021-01-01 00:00:00,1', '1,2021-01-01 12:00:00,2']);
    const alarms = writeFile('alarms.csv', ['id,ts,code', '1,2021-01-01 01:00:00,E-1', '1,2021-01-01 02:00:00,E-1', '1,2021-01-01 03:00:00,e_1', '1,2021-01-01 04:00:00,W']);
    await run(fleet, [tele, alarms]);
    const codes = async (): Promise<unknown> => JSON.parse(String((await query(fleet, `SELECT features FROM gold_builds ORDER BY build_id DESC LIMIT 1`))[0]?.features)).alarmCodes;
    await withWriter(lake, (s) => buildGold(s, { fleet, params: fleetParams(fleet), reset: false }));
    expect(await codes()).toEqual(['E-1', 'W']);
    await run(fleet, [writeFile('alarms-2.csv', ['id,ts,code', '1,2021-01-01 05:00:00,X', '1,2021-01-01 06:00:00,X', '1,2021-01-01 07:00:00,X'])]);
    await withWriter(lake, (s) => buildGold(s, { fleet, params: fleetParams(fleet), reset: false }));
    expect(await codes()).toEqual(['E-1', 'W']);
    await withWriter(lake, (s) => buildGold(s, { fleet, params: fleetParams(fleet), reset: true }));
    expect(await codes()).toEqual(['X', 'E-1']);
  });
});


describe('Parquet with typed times', () => {
  it('turns TIMESTAMP WITH TIME ZONE and DATE columns into UTC times, not quarantined text', async () => {
    const fleet = fleetOf(`
asset_id: integer
sensors:
  volt:
sources:
  tele: { files: "tele*", holds: readings, asset: id, time: ts, sensors: [volt] }
`);
    const zoned = join(dir.path, 'tele-zoned.parquet');
    const dated = join(dir.path, 'tele-dated.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`SET TimeZone = 'Europe/Berlin'`);
    await connection.run(
      `COPY (SELECT TIMESTAMPTZ '2021-01-01 07:00:00+01' AS ts, 1 AS id, 5.0 AS volt UNION ALL SELECT TIMESTAMPTZ '2021-06-01 08:00:00+02', 1, 6.0) TO '${zoned}' (FORMAT parquet)`,
    );
    await connection.run(`COPY (SELECT DATE '2021-01-02' AS ts, 2 AS id, 7.0 AS volt) TO '${dated}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    await run(fleet, [zoned, dated]);
    expect(await query(fleet, `SELECT machine_id, ${TS}, volt FROM silver_telemetry ORDER BY machine_id, ts`)).toEqual([
      { machine_id: 1, ts: '2021-01-01 06:00:00', volt: 5 },
      { machine_id: 1, ts: '2021-06-01 06:00:00', volt: 6 },
      { machine_id: 2, ts: '2021-01-02 00:00:00', volt: 7 },
    ]);
    expect(await quarantine(fleet)).toEqual([]);
  });
});
