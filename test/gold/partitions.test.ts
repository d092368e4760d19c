import { hoursDuration } from '../../fleet/duration.js';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildGold } from '../../gold/build.js';
import { InputError } from '../../sql/errors.js';
import { DEFAULT_PARAMS, FLEET, PUBLIC_DATA, readLake, tempDir, withWriter } from '../helpers.js';
import { lakeWithSilver } from './fixtures.js';

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
});
