import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../bronze/ingest.js';
import { SOURCE_TABLES } from '../bronze/simulate/shape.js';
import { balances, buildSilver } from '../silver/build.js';
import { FLEET, PUBLIC_DATA, eachTestInTempLake, readLake, type TempDir, withWriter } from './helpers.js';

let dir: TempDir;
let lake: string;
eachTestInTempLake((d, l) => {
  dir = d;
  lake = l;
});

function writeFile(name: string, lines: string[]): string {
  const path = join(dir.path, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Per table: bronze rows, and what silver made of them, counted independently from the views. */
const CONSERVATION_SQL = SOURCE_TABLES.map(
  (t) => `SELECT '${t}' AS tbl,
    (SELECT count(*) FROM bronze_${t}) AS bronze,
    (SELECT count(*) FROM silver_${t}) AS silver,
    (SELECT count(*) FROM silver_duplicates WHERE source_table = '${t}') AS duplicates,
    (SELECT count(*) FROM silver_quarantine WHERE source_table = '${t}') AS quarantined`,
).join(' UNION ALL ');

describe('silver', () => {
  it('types the public data with the expected counts and no quarantine', async () => {
    await withWriter(lake, (s) => ingest(s, FLEET, [PUBLIC_DATA]));
    const report = await withWriter(lake, (s) => buildSilver(s, FLEET, { force: false }));
    expect(Object.fromEntries(report.tables.map((t) => [t.table, t.silverRows]))).toEqual({
      machines: 100,
      telemetry: 43200,
      errors: 3919,
      maint: 3286,
      failures: 761,
    });
    expect(report.tables.every(balances)).toBe(true);
    expect(await readLake(lake, `SELECT count(*) AS n FROM silver_quarantine`)).toEqual([{ n: 0 }]);
    const rows = await readLake(lake, CONSERVATION_SQL);
    for (const row of rows) expect(row.bronze).toBe(Number(row.silver) + Number(row.duplicates) + Number(row.quarantined));
    const [first] = await readLake(lake, `SELECT * FROM silver_telemetry ORDER BY machine_id, ts LIMIT 1`);
    expect(first).toMatchObject({ machine_id: 1, volt: 176.217853015625, ts: new Date('2015-01-01T06:00:00Z') });
  });

  it('skips a build when nothing was loaded since, and a forced rebuild gives identical tables', async () => {
    await withWriter(lake, (s) => ingest(s, FLEET, [PUBLIC_DATA]));
    await withWriter(lake, (s) => buildSilver(s, FLEET, { force: false }));
    const digest = () =>
      readLake(
        lake,
        SOURCE_TABLES.map((t) => `SELECT '${t}' AS t, md5(string_agg(x::VARCHAR, '|' ORDER BY x::VARCHAR)) AS h FROM silver_${t} x`).join(' UNION ALL '),
      );
    const before = await digest();
    const skipped = await withWriter(lake, (s) => buildSilver(s, FLEET, { force: false }));
    expect(skipped.buildId).toBeUndefined();
    const rebuilt = await withWriter(lake, (s) => buildSilver(s, FLEET, { force: true }));
    expect(rebuilt.buildId).toBe(2);
    expect(await digest()).toEqual(before);
  });

  it('quarantines each kind of bad row with its reason and keeps the good ones', async () => {
    const machines = writeFile('machines.csv', ['machineID,model,age', '1,model3,18', '2,model4,7', '3,model9,5', '4,model1,abc', '5,model2,', '6,model1,inf', '7,model2,2.5']);
    const telemetry = writeFile('telemetry.csv', [
      'datetime,machineID,volt,rotate,pressure,vibration',
      '2015-01-01 06:00:00,1,170.5,440,100,40',
      '2015-01-01T07:00:00Z,1,171,441,101,41',
      '1/1/2015 8:00:00 AM,1,172,442,102,42',
      '2015-13-45 25:00:00,1,170,440,100,40',
      'yesterday,2,170,440,100,40',
      '1899-12-31 00:00:00,2,170,440,100,40',
      '2150-01-01 00:00:00,2,170,440,100,40',
      '2015-01-01 06:00:00,99,170,440,100,40',
      '2015-01-01 06:00:00,x1,170,440,100,40',
      '2015-01-01 06:00:00,2,abc,440,100,40',
      '2015-01-01 07:00:00,2,170,NaN,100,40',
      '2015-01-01 08:00:00,2,170,440,-Infinity,40',
      '2015-01-01 09:00:00,2,170,440,100,',
      ',2,170,440,100,40',
    ]);
    const errors = writeFile('errors.csv', ['datetime,machineID,errorID', '2015-01-01 06:00:00,1,error1', '2015-01-01 06:00:00,1,error9', '2015-01-01 06:00:00,2, ERROR2 ']);
    const failures = writeFile('failures.csv', ['datetime,machineID,failure', '2015-01-02 06:00:00,1,comp7', '2015-01-02 06:00:00,2,comp2']);
    const maint = writeFile('maint.csv', ['datetime,machineID,comp', '2014-06-01 06:00:00,1,comp1', '2014-06-01 06:00:00,4,comp1']);
    await withWriter(lake, (s) => ingest(s, FLEET, [machines, telemetry, errors, failures, maint]));
    const report = await withWriter(lake, (s) => buildSilver(s, FLEET, { force: false }));
    expect(report.tables.every(balances)).toBe(true);
    const reasons = await readLake(lake, `SELECT source_table, _row_number, reason FROM silver_quarantine ORDER BY source_table, _row_number`);
    expect(reasons.map((r) => `${r.source_table}:${r._row_number}:${r.reason}`).sort()).toEqual([
      'failures:1:unknown_code',
      'machines:3:unknown_code',
      'machines:4:non_numeric_reading',
      'machines:5:missing_required_field',
      'machines:6:non_finite_reading',
      'machines:7:non_numeric_reading',
      'maint:2:unknown_machine',
      'telemetry:4:unparseable_timestamp',
      'telemetry:5:unparseable_timestamp',
      'telemetry:6:timestamp_out_of_range',
      'telemetry:7:timestamp_out_of_range',
      'telemetry:8:unknown_machine',
      'telemetry:9:unknown_machine',
      'telemetry:10:non_numeric_reading',
      'telemetry:11:non_finite_reading',
      'telemetry:12:non_finite_reading',
      'telemetry:13:missing_required_field',
      'telemetry:14:missing_required_field',
      'errors:2:unknown_code',
    ].sort());
    const [raw] = await readLake(lake, `SELECT raw_values FROM silver_quarantine WHERE source_table = 'telemetry' AND _row_number = 10`);
    expect(JSON.parse(String(raw?.raw_values))).toMatchObject({ datetime: '2015-01-01 06:00:00', machineid: '2', volt: 'abc' });
    expect(await readLake(lake, `SELECT ts, volt FROM silver_telemetry ORDER BY ts`)).toEqual([
      { ts: new Date('2015-01-01T06:00:00Z'), volt: 170.5 },
      { ts: new Date('2015-01-01T07:00:00Z'), volt: 171 },
      { ts: new Date('2015-01-01T08:00:00Z'), volt: 172 },
    ]);
    expect(await readLake(lake, `SELECT machine_id, error_id FROM silver_errors ORDER BY machine_id`)).toEqual([
      { machine_id: 1, error_id: 'error1' },
      { machine_id: 2, error_id: 'error2' },
    ]);
  });

  it('collapses exact duplicates and lets the most recent load win a conflict, then the later row', async () => {
    const machines = writeFile('machines.csv', ['machineID,model,age', '1,model3,18', '2,model4,7']);
    const day1 = writeFile('telemetry-day1.csv', [
      'datetime,machineID,volt,rotate,pressure,vibration',
      '2015-01-01 06:00:00,1,170,440,100,40',
      '2015-01-01 06:00:00,1,170,440,100,40',
      '2015-01-01 07:00:00,1,1,1,1,1',
      '2015-01-01 07:00:00,1,2,2,2,2',
    ]);
    const day2 = writeFile('telemetry-day2.csv', [
      'datetime,machineID,volt,rotate,pressure,vibration',
      '2015-01-01T06:00:00Z,1,170.0,440,100,40',
      '2015-01-01 08:00:00,1,180,450,110,50',
      '2015-01-01 07:00:00,1,3,3,3,3',
    ]);
    const report = await withWriter(lake, async (s) => {
      await ingest(s, FLEET, [machines, day1, day2]);
      return buildSilver(s, FLEET, { force: false });
    });
    const telemetry = report.tables.find((t) => t.table === 'telemetry');
    expect(telemetry).toMatchObject({ bronzeRows: 7, silverRows: 3, exactDuplicates: 2, conflictingDuplicates: 2, quarantined: 0 });
    expect(await readLake(lake, `SELECT hour(ts) AS h, volt, _load_id AS l, _row_number AS r FROM silver_telemetry ORDER BY ts`)).toEqual([
      { h: 6, volt: 170, l: 3, r: 1 },
      { h: 7, volt: 3, l: 3, r: 3 },
      { h: 8, volt: 180, l: 3, r: 2 },
    ]);
    const dups = await readLake(lake, `SELECT kind, _load_id AS l, _row_number AS r, kept_load_id AS kl FROM silver_duplicates ORDER BY l, r`);
    expect(dups).toEqual([
      { kind: 'exact', l: 2, r: 1, kl: 3 },
      { kind: 'exact', l: 2, r: 2, kl: 3 },
      { kind: 'conflict', l: 2, r: 3, kl: 3 },
      { kind: 'conflict', l: 2, r: 4, kl: 3 },
    ]);
  });
});
