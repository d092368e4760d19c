import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtLake, readLake, runCli, tempDir, type CliOutcome } from '../helpers.js';

/**
 * What scoring stores in monitor_drift (docs/monitoring.md#monitor_drift): one entry per UTC day,
 * group and feature of every run, whose counts add up to the run's rows, and which add up the
 * same however the days were split into runs.
 */
let dir: ReturnType<typeof tempDir>;
let lake: string;

const lakescore = (args: string[]): CliOutcome => runCli(['--lake', lake, ...args]);
function ok(args: string[]): string {
  const result = lakescore(args);
  if (result.code !== 0) throw new Error(`lakescore ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout + result.stderr;
}

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  await builtLake(lake, join(dir.path, 'sim'), { machines: 24, days: 80, seed: 5 });
  ok(['train', '--from', '2015-01-01', '--to', '2015-02-10', '--test-to', '2015-03-01', '--trees', '10', '--seed', '2']);
  ok(['models', 'promote', 'pdm@1', '--alias', 'production']);
  // the same days scored whole (run 1) and split at uneven points into three runs (2, 3, 4)
  ok(['score', '--from', '2015-03-01', '--to', '2015-03-17']);
  for (const [from, to] of [['2015-03-01', '2015-03-04'], ['2015-03-04', '2015-03-13'], ['2015-03-13', '2015-03-17']]) ok(['score', '--from', from as string, '--to', to as string]);
});
afterAll(() => dir.remove());

describe('monitor_drift', () => {
  it('holds, for each run and day, every feature once for the fleet and once per machine model, counting every scored row', async () => {
    const [runs] = await readLake(lake, `SELECT count(DISTINCT run_id) AS runs, count(DISTINCT day_start) AS days FROM monitor_drift`);
    expect(runs).toEqual({ runs: 4, days: 16 });
    // every entry counts its day's rows of the run (a group's, its members'), binned or missing
    const off = await readLake(lake, `SELECT count(*) AS n FROM monitor_drift WHERE list_sum(bin_counts) + missing_count <> row_count`);
    expect(off[0]?.n).toBe(0);
    const perDay = await readLake(
      lake,
      `SELECT d.run_id, d.day_start, d.row_count AS drift_rows, count(r.*) AS scored FROM monitor_drift d
       JOIN results r ON r.run_id = d.run_id AND date_trunc('day', r.ts) = d.day_start
       WHERE d.feature = 'risk' AND d.group_column IS NULL GROUP BY ALL HAVING drift_rows <> scored`,
    );
    expect(perDay).toEqual([]);
    // a machine model's entries together count the day's rows of the fleet
    const groups = await readLake(
      lake,
      `SELECT run_id, day_start, feature, sum(row_count) AS members FROM monitor_drift WHERE group_column = 'model' GROUP BY ALL
       EXCEPT SELECT run_id, day_start, feature, row_count FROM monitor_drift WHERE group_column IS NULL AND kind = 'numeric'`,
    );
    expect(groups).toEqual([]);
  });

  it('adds up to the same counts per day however the days were split into runs', async () => {
    const sums = (runs: string) =>
      readLake(
        lake,
        `SELECT day_start, group_column, group_value, feature, i, sum(bin_counts[i]) AS n, sum(missing_count) AS missing
         FROM monitor_drift, range(1, len(bin_counts) + 1) t(i) WHERE run_id IN (${runs}) GROUP BY ALL ORDER BY ALL`,
      );
    const whole = await sums('1');
    expect(whole.length).toBeGreaterThan(16 * 30);
    expect(await sums('2, 3, 4')).toEqual(whole);
  });

  it('judges a night on a week of days when its own rows are too few, and says which', () => {
    // 24 machines give 48 rows a day, below the 200 drift is judged on: the run borrows earlier
    // days, newest first, each scored twice here (runs 1 and 4), so 48 + 2 x 96 rows reach 200
    const out = ok(['score', '--from', '2015-03-17', '--to', '2015-03-18']);
    expect(out).toMatch(/(no drift from training|DRIFT) on \[2015-03-15, 2015-03-18\), 240 rows/);
  });
});
