import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../bronze/ingest.js';
import { simulate } from '../bronze/simulate/simulate.js';
import { balances, buildSilver, type SilverBuildReport } from '../silver/build.js';
import { FLEET, readLake, tempDir, withWriter } from './helpers.js';

/**
 * An incremental build must give exactly what a full build from all of bronze gives. The same
 * drops go into two lakes: one builds silver after every drop, the other once at the end.
 * The drops carry what makes merging subtle: late rows for a month built before, exact and
 * conflicting duplicates across loads, rows of a machine the asset table names only later.
 */

const SOURCES = ['telemetry', 'errors', 'maint', 'failures'] as const;
let dir: ReturnType<typeof tempDir>;
let incremental: string;
let full: string;
const reports: SilverBuildReport[] = [];

interface Csv {
  header: string;
  lines: string[];
}

const readCsv = (path: string): Csv => {
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: header as string, lines };
};

/** A row's month from its leading timestamp; rows whose time does not parse go with the first drop. */
const monthOf = (line: string): string => (/^\d{4}-\d{2}/.exec(line)?.[0] ?? '0000-00');

/** The same row with its last value changed: a conflicting duplicate. */
const altered = (line: string): string => line.replace(/[^,]*$/, (v) => (/^\d+(\.\d+)?$/.test(v) ? String(Number(v) + 1) : `${v}x`));

function writeDrop(name: string, files: Record<string, string[]>, headers: Record<string, string>): string {
  const path = join(dir.path, name);
  mkdirSync(path);
  for (const [table, lines] of Object.entries(files)) writeFileSync(join(path, `${table}-${name}.csv`), [headers[table], ...lines].join('\n') + '\n');
  return path;
}

beforeAll(async () => {
  dir = tempDir();
  const sim = join(dir.path, 'sim');
  await simulate({ machines: 8, from: '2015-01-01', days: 90, seed: 21, format: 'csv', dirty: 0.04, out: sim });
  const csv = Object.fromEntries([...SOURCES, 'machines'].map((t) => [t, readCsv(join(sim, `${t}.csv`))])) as Record<string, Csv>;
  const headers = Object.fromEntries(Object.entries(csv).map(([t, c]) => [t, c.header]));
  const inMonths = (table: string, months: string[]): string[] => (csv[table] as Csv).lines.filter((l) => months.includes(monthOf(l)) || (months.includes('2015-01') && !/^2015-0[1-3]/.test(l)));
  const machines = (csv.machines as Csv).lines;
  const everyFifth = (lines: string[]): string[] => lines.filter((_, i) => i % 5 === 0);

  const drops = [
    // January; machine 8 is not in the asset table yet, so its rows wait as unknown_machine
    writeDrop('a', { ...Object.fromEntries(SOURCES.map((t) => [t, inMonths(t, ['2015-01'])])), machines: machines.filter((l) => !l.startsWith('8,')) }, headers),
    // February, with late January rows again: some as they were, some changed
    writeDrop('b', {
      ...Object.fromEntries(SOURCES.map((t) => [t, inMonths(t, ['2015-02'])])),
      telemetry: [...inMonths('telemetry', ['2015-02']), ...everyFifth(inMonths('telemetry', ['2015-01'])).slice(0, 40), ...everyFifth(inMonths('telemetry', ['2015-01'])).slice(40, 80).map(altered)],
      errors: [...inMonths('errors', ['2015-02']), ...inMonths('errors', ['2015-01']).slice(0, 3).map(altered)],
    }, headers),
    // March, machine 8 at last, and changed February rows
    writeDrop('c', {
      ...Object.fromEntries(SOURCES.map((t) => [t, inMonths(t, ['2015-03'])])),
      telemetry: [...inMonths('telemetry', ['2015-03']), ...everyFifth(inMonths('telemetry', ['2015-02'])).slice(0, 30).map(altered)],
      machines,
    }, headers),
  ];
  incremental = join(dir.path, 'incremental');
  full = join(dir.path, 'full');
  for (const drop of drops) {
    await withWriter(incremental, async (s) => {
      await ingest(s, FLEET, [drop]);
      reports.push(await buildSilver(s, FLEET, { force: false }));
    });
    await withWriter(full, (s) => ingest(s, FLEET, [drop]));
  }
  reports.push(await withWriter(full, (s) => buildSilver(s, FLEET, { force: false })));
});
afterAll(() => dir.remove());

/** A table's rows in a stable order; when a row was loaded differs between the two lakes, and is left out. */
const rows = (lake: string, table: string): Promise<unknown[]> =>
  readLake(lake, `SELECT * ${['silver_quarantine', 'silver_duplicates'].includes(table) ? 'EXCLUDE (_loaded_at)' : ''} FROM ${table} ORDER BY ALL`);

describe('incremental silver', () => {
  it('has what the test means it to have: late rows, conflicts, parked rows admitted', async () => {
    const [conflicts] = await readLake(incremental, `SELECT count(*) FILTER (kind = 'conflict') AS conflicts, count(*) FILTER (kind = 'exact') AS exact FROM silver_duplicates`);
    expect(Number(conflicts?.conflicts)).toBeGreaterThan(50);
    expect(Number(conflicts?.exact)).toBeGreaterThan(30);
    const [machine8] = await readLake(incremental, `SELECT count(*) AS n FROM silver_telemetry WHERE machine_id = 8 AND ts < TIMESTAMP '2015-02-01'`);
    expect(Number(machine8?.n)).toBeGreaterThan(500);
    const parkedBefore = reports[0]?.tables.find((t) => t.table === 'telemetry')?.reasons.unknown_machine ?? 0;
    expect(parkedBefore).toBeGreaterThan(500);
  });

  for (const table of ['silver_telemetry', 'silver_errors', 'silver_maint', 'silver_failures', 'silver_machines', 'silver_quarantine', 'silver_duplicates']) {
    it(`gives ${table} row for row as a full build does`, async () => {
      const [a, b] = [await rows(incremental, table), await rows(full, table)];
      expect(a.length).toBeGreaterThan(0);
      expect(a).toEqual(b);
    });
  }

  it('keeps every source in balance, with the counts of the full build', () => {
    const last = reports[2];
    const fullBuild = reports[3];
    expect(last?.tables.every(balances)).toBe(true);
    expect(last?.tables).toEqual(fullBuild?.tables);
  });

  it('reads only the new loads: a build after one small drop rewrites only the day it touches', async () => {
    const before = await readLake(incremental, `SELECT count(*) AS n FROM silver_telemetry WHERE ts < TIMESTAMP '2015-03-01'`);
    const drop = writeDrop('d', { telemetry: ['2015-03-31 23:00:00,1,170,450,100,40'] }, { telemetry: readCsv(join(dir.path, 'sim', 'telemetry.csv')).header });
    const files = await withWriter(incremental, async (s) => {
      const old = s.filesOf('silver_telemetry');
      await ingest(s, FLEET, [drop]);
      await buildSilver(s, FLEET, { force: false });
      return { old, now: s.filesOf('silver_telemetry') };
    });
    const march = (f: string): boolean => f.includes('_part=2015-03-31');
    expect(files.now.filter((f) => !march(f))).toEqual(files.old.filter((f) => !march(f)));
    expect(files.now.filter(march)).not.toEqual(files.old.filter(march));
    expect(await readLake(incremental, `SELECT count(*) AS n FROM silver_telemetry WHERE ts < TIMESTAMP '2015-03-01'`)).toEqual(before);
  });
});
