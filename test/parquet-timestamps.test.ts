import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_FLEET_FILE } from '../fleet/load.js';
import { readLake, runCli, tempDir, type TempDir } from './helpers.js';

/**
 * A typed Parquet time column is read as the time it holds, whatever its precision or zone, and
 * whatever formats the source declares for text: bronze keeps DuckDB's text of it, which has a
 * fraction of a second when the value has one. Text, in a CSV, keeps to the declared formats.
 */

let dir: TempDir;
let data: string;

/** Per file: the SQL type of its time column, and how each of three readings' times is written in it. */
const TYPED: Record<string, { type: string; times: [string, string, string] }> = {
  ms: { type: 'TIMESTAMP_MS', times: ['2015-01-01 06:00:00.250', '2015-01-01 07:00:00', '2015-01-01 08:00:00.125'] },
  us: { type: 'TIMESTAMP', times: ['2015-01-01 06:00:00.250', '2015-01-01 07:00:00', '2015-01-01 08:00:00.123456'] },
  ns: { type: 'TIMESTAMP_NS', times: ['2015-01-01 06:00:00.250', '2015-01-01 07:00:00', '2015-01-01 08:00:00.123456789'] },
  tz: { type: 'TIMESTAMPTZ', times: ['2015-01-01 07:00:00.250+01', '2015-01-01 07:00:00+00', '2015-01-01 03:00:00.5-05'] },
};
/** What silver's ts holds for each file's three readings (UTC, to the microsecond). */
const EXPECTED: Record<string, string[]> = {
  ms: ['2015-01-01 06:00:00.250000', '2015-01-01 07:00:00.000000', '2015-01-01 08:00:00.125000'],
  us: ['2015-01-01 06:00:00.250000', '2015-01-01 07:00:00.000000', '2015-01-01 08:00:00.123456'],
  ns: ['2015-01-01 06:00:00.250000', '2015-01-01 07:00:00.000000', '2015-01-01 08:00:00.123456'],
  tz: ['2015-01-01 06:00:00.250000', '2015-01-01 07:00:00.000000', '2015-01-01 08:00:00.500000'],
};
const MACHINE: Record<string, number> = { ms: 1, us: 2, ns: 3, tz: 4 };

async function writeParquetFiles(): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const [name, { type, times }] of Object.entries(TYPED)) {
      const rows = times.map((t) => `(CAST('${t}' AS ${type}), ${MACHINE[name]}, 170.5, 450.0, 100.0, 40.0)`).join(', ');
      const out = join(data, `telemetry_${name}.parquet`);
      await connection.run(`COPY (SELECT * FROM (VALUES ${rows}) t(datetime, machineID, volt, rotate, pressure, vibration)) TO '${out}' (FORMAT parquet)`);
      const [column] = (await connection.runAndReadAll(`SELECT column_type FROM (DESCRIBE SELECT datetime FROM read_parquet('${out}'))`)).getRowObjects();
      // the file really holds that type, not text
      expect(String(column?.column_type)).toMatch(/^TIMESTAMP/);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

beforeAll(async () => {
  dir = tempDir();
  data = join(dir.path, 'data');
  mkdirSync(data);
  await writeParquetFiles();
  writeFileSync(join(data, 'machines.csv'), 'machineID,model,age\n1,model1,3\n2,model2,5\n3,model3,1\n4,model4,2\n5,model1,7\n');
  writeFileSync(join(data, 'telemetry.csv'), 'datetime,machineID,volt,rotate,pressure,vibration\n2015-01-01 06:00:00.250,5,170.5,450,100,40\n2015-01-01 07:00:00,5,170.5,450,100,40\n');
});
afterAll(() => dir.remove());

/** Ingests the files and builds silver in a new lake under the given definition. */
function build(name: string, fleet?: string): string {
  const lake = join(dir.path, name);
  const fleetFlag = fleet === undefined ? [] : ['--fleet', fleet];
  expect(runCli(['--lake', lake, ...fleetFlag, 'ingest', data]).code).toBe(0);
  const built = runCli(['--lake', lake, 'build', 'silver']);
  expect(built.code, built.stderr).toBe(0);
  return lake;
}

const timesOf = async (lake: string, machine: number): Promise<string[]> =>
  (await readLake(lake, `SELECT strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS t FROM silver_telemetry WHERE machine_id = ${machine} ORDER BY ts`)).map((r) => String(r.t));

const quarantined = (lake: string): Promise<unknown[]> =>
  readLake(lake, `SELECT json_extract_string(raw_values, '$.machineid') AS machine, reason FROM silver_quarantine ORDER BY ALL`);

describe('a typed Parquet time column', () => {
  it('loads at any precision and with a zone, its fraction of a second kept in silver', async () => {
    const lake = build('default');
    for (const name of Object.keys(TYPED)) expect({ name, times: await timesOf(lake, MACHINE[name] as number) }).toEqual({ name, times: EXPECTED[name] });
    // the CSV's text with a fraction is in none of the default formats
    expect(await quarantined(lake)).toEqual([{ machine: '5', reason: 'unparseable_timestamp' }]);
    expect(await timesOf(lake, 5)).toEqual(['2015-01-01 07:00:00.000000']);
  });

  it('loads whatever format the source declares for text, which text must keep to', async () => {
    const fleet = join(dir.path, 'dotted.yaml');
    writeFileSync(fleet, readFileSync(BUILT_IN_FLEET_FILE, 'utf8').replace(/(telemetry:\n(?: {4}.*\n)*? {4}time:) datetime/, '$1 { column: datetime, format: "%d.%m.%Y %H:%M" }'));
    expect(readFileSync(fleet, 'utf8')).toContain('format: "%d.%m.%Y %H:%M"');
    const lake = build('dotted', fleet);
    for (const name of Object.keys(TYPED)) expect({ name, times: await timesOf(lake, MACHINE[name] as number) }).toEqual({ name, times: EXPECTED[name] });
    expect(await quarantined(lake)).toEqual([
      { machine: '5', reason: 'unparseable_timestamp' },
      { machine: '5', reason: 'unparseable_timestamp' },
    ]);
  });
});
