import { hoursDuration } from '../../fleet/duration.js';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildGold } from '../../gold/build.js';
import { refreshGold } from '../../gold/refresh.js';
import { partitionOf } from '../../sql/partitions.js';
import { InputError } from '../../sql/errors.js';
import { DEFAULT_PARAMS, FLEET, PUBLIC_DATA, readLake, tempDir, withWriter } from '../helpers.js';
import { lakeWithSilver, writeCsv } from './fixtures.js';

let dir: ReturnType<typeof tempDir>;
let lake: string;
beforeEach(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  await lakeWithSilver(lake, [PUBLIC_DATA]);
});
afterEach(() => dir.remove());

const at = (day: string): Date => new Date(`${day}T00:00:00Z`);
const build = (from: string, to: string, labelCutoff?: string) =>
  withWriter(lake, (s) =>
    buildGold(s, { fleet: FLEET, params: DEFAULT_PARAMS, reset: false, from: at(from), to: at(to), ...(labelCutoff ? { labelCutoff: at(labelCutoff) } : {}) }),
  );

const snapshot = () => readLake(lake, `SELECT machine_id, ts, label, volt_mean_24h FROM gold_features ORDER BY machine_id, ts`);

describe('gold partitions', () => {
  it('rebuilding a range inside a month replaces exactly that range', async () => {
    await build('2015-01-01', '2015-04-01');
    const before = await snapshot();
    // an early label cutoff nulls the labels of the rebuilt range, so replaced rows are visible
    const report = await build('2015-02-10', '2015-02-20', '2015-01-15');
    expect(report.months).toEqual(['2015-02']);
    const after = await snapshot();
    expect(after).toHaveLength(before.length);
    const [dups] = await readLake(lake, `SELECT count(*) - count(DISTINCT (machine_id, ts)) AS n FROM gold_features`);
    expect(dups?.n).toBe(0);
    const inRange = (r: Record<string, unknown>) => (r.ts as Date) >= at('2015-02-10') && (r.ts as Date) < at('2015-02-20');
    expect(after.filter((r) => !inRange(r))).toEqual(before.filter((r) => !inRange(r)));
    expect(after.filter(inRange).every((r) => r.label === null)).toBe(true);
    expect(after.filter(inRange).map((r) => r.volt_mean_24h)).toEqual(before.filter(inRange).map((r) => r.volt_mean_24h));
    const builds = await readLake(lake, `SELECT build_id, row_count, months, input_fingerprint FROM gold_builds ORDER BY build_id`);
    expect(builds.map((b) => [b.build_id, b.row_count, b.months])).toEqual([
      [1, 3580, '2015-01,2015-02,2015-03'],
      [2, 400, '2015-02'],
    ]);
    expect(String(builds[0]?.input_fingerprint)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('adds a new range beside the existing ones and keeps every partition file of untouched months', async () => {
    await build('2015-01-01', '2015-02-01');
    await build('2015-03-01', '2015-04-01');
    const months = await readLake(lake, `SELECT strftime(ts, '%Y-%m') AS m, count(*) AS n FROM gold_features GROUP BY m ORDER BY m`);
    expect(months).toEqual([
      { m: '2015-01', n: 20 * 61 },
      { m: '2015-03', n: 20 * 62 },
    ]);
  });

  it('refuses to mix feature parameters, unless told to reset', async () => {
    await build('2015-01-01', '2015-02-01');
    const other = { ...DEFAULT_PARAMS, windows: [hoursDuration(6), hoursDuration(12)] };
    await expect(withWriter(lake, (s) => buildGold(s, { fleet: FLEET, params: other, reset: false, from: at('2015-02-01'), to: at('2015-03-01') }))).rejects.toThrow(InputError);
    await withWriter(lake, (s) => buildGold(s, { fleet: FLEET, params: other, reset: true, from: at('2015-02-01'), to: at('2015-03-01') }));
    const [row] = await readLake(lake, `SELECT count(*) AS n, min(ts) AS first FROM gold_features`);
    expect(row).toEqual({ n: 20 * 56, first: new Date('2015-02-01T00:00:00Z') });
  });

  it('a refresh after one new day computes that day only, decides the labels a horizon before it again, and rewrites only those days', async () => {
    // the first 20 machines' data up to the last day, then the last day: a night
    const lastDay = '2015-03-31';
    const files = { telemetry: 'PdM_telemetry_machines01-20_2015-Q1.csv', errors: 'PdM_errors.csv.gz', maint: 'PdM_maint.csv.gz', failures: 'PdM_failures.csv.gz' };
    const split = Object.entries(files).map(([table, file]) => {
      const text = file.endsWith('.gz') ? gunzipSync(readFileSync(join(PUBLIC_DATA, file))).toString('utf8') : readFileSync(join(PUBLIC_DATA, file), 'utf8');
      const [header, ...rows] = text.trim().split('\n') as [string, ...string[]];
      const day = (row: string): string => row.replaceAll('"', '').slice(0, 10);
      return {
        early: writeCsv(dir.path, `early_${table}.csv`, header, rows.filter((r) => day(r) < lastDay)),
        late: writeCsv(dir.path, `late_${table}.csv`, header, rows.filter((r) => day(r) === lastDay)),
      };
    });
    const nightly = join(dir.path, 'nightly');
    await lakeWithSilver(nightly, [join(PUBLIC_DATA, 'PdM_machines.csv.gz'), ...split.map((f) => f.early)]);
    await withWriter(nightly, (s) => refreshGold(s, FLEET));
    const goldFiles = (): Promise<string[]> => withWriter(nightly, async (s) => s.filesOf('gold_features'));
    const before = await goldFiles();
    const undecided = `SELECT count(*) AS n FROM gold_features WHERE label IS NULL AND ts < TIMESTAMP '${lastDay}'`;
    const [undecidedBefore] = await readLake(nightly, undecided);

    await lakeWithSilver(nightly, split.map((f) => f.late));
    const report = await withWriter(nightly, (s) => refreshGold(s, FLEET));
    const after = await goldFiles();
    // features only for the new day's rows (20 machines, two 12 h steps)
    expect(report?.rows).toBe(40);
    expect(await readLake(nightly, `SELECT count(*) AS n FROM gold_features WHERE ts >= TIMESTAMP '${lastDay}'`)).toEqual([{ n: 40 }]);
    const [undecidedAfter] = await readLake(nightly, undecided);
    expect(Number(undecidedAfter?.n)).toBeLessThan(Number(undecidedBefore?.n));
    // the days before the horizon (48 h) kept their files; the others were written again
    const old = (f: string): boolean => (partitionOf(f) ?? '') < '2015-03-29';
    expect(after.filter(old)).toEqual(before.filter(old));
    expect(after.filter(old).length).toBeGreaterThan(0);
    expect(after.filter((f) => !old(f)).map(partitionOf)).toEqual(['2015-03-29', '2015-03-30', '2015-03-31']);
    expect(after.filter((f) => !old(f)).every((f) => !before.includes(f))).toBe(true);
  });

  it('a range build of part of gold leaves the loads it did not apply outside its range to the next night', async () => {
    await build('2015-01-01', '2015-04-01');
    // a correction to a reading in March, then a rebuild of January only, then a night
    const correction = writeCsv(dir.path, 'PdM_telemetry_fix.csv', 'datetime,machineID,volt,rotate,pressure,vibration', ['2015-03-10 06:00:00,1,999,400,100,40']);
    await lakeWithSilver(lake, [correction]);
    await build('2015-01-01', '2015-01-10');
    await withWriter(lake, (s) => refreshGold(s, FLEET));
    // sums over another set of assets may differ in their last bits
    const rounded = async (): Promise<unknown[]> => (await snapshot()).map((r) => ({ ...r, volt_mean_24h: Number(Number(r.volt_mean_24h).toPrecision(12)) }));
    const nightly = await rounded();
    await build('2015-01-01', '2015-04-01');
    expect(nightly).toEqual(await rounded());
    const [fixed] = await readLake(lake, `SELECT volt_mean_24h FROM gold_features WHERE machine_id = 1 AND ts = TIMESTAMP '2015-03-10 12:00:00'`);
    expect(Number(fixed?.volt_mean_24h)).toBeGreaterThan(190);
  });
});
