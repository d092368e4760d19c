import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../bronze/simulate/simulate.js';
import { catalogVersions } from '../sql/catalog.js';
import { runCli, tempDir, type CliOutcome } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
let lake: string;
const lakescore = (...args: string[]): CliOutcome => runCli(['--lake', lake, ...args]);
const ok = (...args: string[]): string => {
  const result = lakescore(...args);
  expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: expect.any(String) });
  return result.stdout;
};
const json = <T>(...args: string[]): T[] => JSON.parse(ok(...args, '--format', 'json')) as T[];
const count = (table: string, ...asOf: string[]): number => json<{ n: number }>('sql', `SELECT count(*) AS n FROM ${table}`, ...asOf)[0]?.n as number;

interface HistoryRow {
  version: number;
  command: string;
  rows_added: number;
  rows_removed: number;
  changes: string;
}

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  await simulate({ machines: 4, from: '2015-01-01', days: 30, seed: 3, format: 'csv', dirty: 0, out: join(dir.path, 'january') });
  await simulate({ machines: 4, from: '2015-01-31', days: 30, seed: 4, format: 'csv', dirty: 0, out: join(dir.path, 'february') });
  ok('ingest', join(dir.path, 'january'));
  ok('build', 'silver');
});
afterAll(() => dir.remove());

describe("the lake's versions", () => {
  it('lists versions newest first with the command and the rows each changed', () => {
    const history = json<HistoryRow>('history');
    expect(history.map((h) => h.version)).toEqual([...catalogVersions(lake)].reverse());
    expect(history[0]?.command).toBe('build silver');
    const telemetryLoad = history.find((h) => / bronze_telemetry \+\d+/.test(` ${h.changes}`));
    expect(telemetryLoad?.command).toBe('ingest');
    expect(telemetryLoad?.changes).toContain(`bronze_telemetry +${count('bronze_telemetry')}`);
    expect(history[0]?.changes).toContain(`silver_telemetry +${count('silver_telemetry')}`);
  });

  it('answers a query as of an earlier version or time, and refuses one not retained', () => {
    const before = catalogVersions(lake).at(-1) as number;
    const januaryRows = count('silver_telemetry');
    ok('ingest', join(dir.path, 'february'));
    ok('build', 'silver');
    expect(count('silver_telemetry')).toBeGreaterThan(januaryRows);
    expect(count('silver_telemetry', '--as-of', String(before))).toBe(januaryRows);
    expect(count('silver_telemetry', '--as-of', new Date().toISOString())).toBe(count('silver_telemetry'));
    const missing = lakescore('sql', 'SELECT 1', '--as-of', '999999');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^lakescore: version 999999 is not retained \(retained: 1 to \d+\)$/);
    expect(lakescore('sql', 'SELECT 1', '--as-of', '2001-01-01').stderr).toContain('no retained version was committed by 2001-01-01');
  });

  it('restores an earlier version as a new one that keeps the history, and can be undone', () => {
    const versions = catalogVersions(lake);
    const januaryVersion = (json<HistoryRow>('history', '--limit', '100').find((h) => h.command === 'build silver' && h.version < (versions.at(-1) as number))?.version) as number;
    const [januaryRows, januaryLoads, now, nowLoads] = [count('silver_telemetry', '--as-of', String(januaryVersion)), count('loads', '--as-of', String(januaryVersion)), count('silver_telemetry'), count('loads')];
    const restored = ok('restore', '--version', String(januaryVersion));
    expect(restored).toMatch(new RegExp(`^restored version ${januaryVersion} as version \\d+`));
    expect([count('silver_telemetry'), count('loads')]).toEqual([januaryRows, januaryLoads]);
    expect(json<HistoryRow>('history')[0]?.command).toBe(`restore ${januaryVersion}`);
    // the February files are no longer loaded, so they load again
    expect(ok('ingest', join(dir.path, 'february'))).toMatch(/[1-9]\d* file\(s\) loaded/);
    ok('build', 'silver');
    expect(count('silver_telemetry')).toBe(now);
    expect(count('loads')).toBe(nowLoads);
    expect(lakescore('restore', '--version', String(catalogVersions(lake).at(-1))).stderr).toContain('already the newest');
  });

  it('writes views.sql that a DuckDB knowing nothing of lakescore opens from anywhere', async () => {
    const script = readFileSync(join(lake, 'views.sql'), 'utf8');
    expect(script.split('\n')[0]).toBe(`-- lakescore lake, version ${catalogVersions(lake).at(-1)}`);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(script);
      for (const table of ['silver_telemetry', 'loads', 'bronze_errors', 'results_latest', 'gold_features']) {
        const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${table}`);
        expect({ table, n: Number(reader.getRowObjects()[0]?.n) }).toEqual({ table, n: count(table) });
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('vacuum', () => {
  it('keeps the lake to about one build after many nights, and what it keeps still reads the same', () => {
    const night = (): void => void ok('build', 'silver', '--force');
    for (let i = 0; i < 5; i++) night();
    const before = { telemetry: count('silver_telemetry'), loads: count('loads'), versions: catalogVersions(lake).length };
    const crashed = join(lake, 'silver', 'build-999999-deadbeef', 'telemetry.parquet');
    mkdirSync(join(crashed, '..'), { recursive: true });
    writeFileSync(crashed, 'left by a command killed before its commit');

    const dry = ok('vacuum', '--older-than', '0', '--dry-run');
    expect(dry).toMatch(/^would remove \d+ version\(s\)/);
    expect(catalogVersions(lake)).toHaveLength(before.versions);
    const silverBuilds = (): number => readdirSync(join(lake, 'silver')).length;
    expect(silverBuilds()).toBeGreaterThan(5);

    const report = ok('vacuum', '--older-than', '0');
    expect(report).toMatch(new RegExp(`^removed ${before.versions - 1} version\\(s\\) .* and \\d+ file\\(s\\), [\\d.]+ MB; kept versions (\\d+) to \\1\\n$`));
    expect(catalogVersions(lake)).toHaveLength(1);
    expect(silverBuilds()).toBe(1);
    expect(existsSync(crashed)).toBe(false);
    expect({ telemetry: count('silver_telemetry'), loads: count('loads') }).toEqual({ telemetry: before.telemetry, loads: before.loads });
    expect(ok('check')).toMatch(/^ok: /);
    expect(ok('vacuum', '--older-than', '0')).toMatch(/^removed no version and 0 file\(s\)/);
  });

  it('keeps recent versions by default, and the newest ones asked for', () => {
    for (let i = 0; i < 3; i++) ok('build', 'silver', '--force');
    const versions = catalogVersions(lake);
    expect(ok('vacuum')).toMatch(/^removed no version/);
    ok('vacuum', '--older-than', '0', '--keep-versions', '2');
    expect(catalogVersions(lake)).toEqual(versions.slice(-2));
    expect(lakescore('vacuum', '--older-than', '5y').stderr).toContain('--older-than: expected 0 or a duration');
  });
});
