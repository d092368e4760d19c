import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFleet } from '../../fleet/load.js';
import { modelMetaSchema } from '../../ml/model-file.js';
import { monitorPerformance, type PerformanceNight } from '../../ml/monitor/performance-night.js';
import { performanceOver, type PeriodPerformance } from '../../ml/monitor/performance-over.js';
import { MIN_FAILURES, type Period } from '../../ml/monitor/performance-rollup.js';
import { PERFORMANCE_COLUMNS, PERFORMANCE_OPEN_COLUMNS } from '../../ml/monitor/performance-table.js';
import { readCatalog } from '../../sql/catalog.js';
import { LakeSession } from '../../sql/duckdb.js';
import { readLake, runCli, tempDir, withWriter, type CliOutcome, type TempDir } from '../helpers.js';
import { RARE_FLEET, RARE_START, rareDay, rareFleet, writeRareDays } from '../rare-fleet.js';

/**
 * Realised performance on a simulated lake (docs/monitoring.md#realised-performance): each night
 * judges only the predictions that matured since the one before, none twice (not even after a
 * range is scored again), and the nights add up to judging everything at once.
 */

const DRIVES = rareFleet(400, 130, 4);
const FLEET = parseFleet(RARE_FLEET, 'drives.yaml');
const DAY = 86_400_000;
const HORIZON = 5 * DAY;
let dir: TempDir;
let lake: string;
let inbox: string;
let fleetFile: string;
const nights: PerformanceNight[] = [];
/** The newest gold build's label cutoff when each night ran. */
const cutoffs: number[] = [];
/** What the second night, `lakescore run`'s own monitor step, logged; and a night after the rescoring. */
let runNight: { night: number; matured_to: string; versions: { model: string; rows: number }[] };
let afterRescore: PerformanceNight;

const lakescore = (args: string[]): CliOutcome => runCli(['--lake', lake, '--fleet', fleetFile, ...args]);
const ok = (args: string[]): void => {
  const out = lakescore(args);
  expect(out.code, out.stderr).toBe(0);
};
const monitor = (): Promise<PerformanceNight> => withWriter(lake, (s) => monitorPerformance(s, FLEET));
const labelCutoff = async (): Promise<number> => {
  const [build] = await readLake(lake, 'SELECT label_cutoff FROM gold_builds ORDER BY build_id DESC LIMIT 1', async () => undefined);
  return (build?.label_cutoff as Date).getTime();
};
const night = async (): Promise<void> => {
  cutoffs.push(await labelCutoff());
  nights.push(await monitor());
};
const lastMonitorLine = (): typeof runNight => {
  const lines = readFileSync(join(lake, '_logs', 'lakescore.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return lines.filter((l) => l.step === 'monitor').pop() as unknown as typeof runNight;
};
const number = async (sql: string): Promise<number> => Number((await readLake(lake, sql, async () => undefined))[0]?.n);
/** Distinct predictions of pdm@1 with ts in (after, through]. */
const predictions = (after: number, through: number): Promise<number> =>
  number(`SELECT count(DISTINCT (machine_id, ts)) AS n FROM results WHERE model_version = 1 AND ts > epoch_ms(${after}::BIGINT) AND ts <= epoch_ms(${through}::BIGINT)`);
const over = (period: Period): Promise<PeriodPerformance[]> =>
  LakeSession.using(lake, {}, (s) => performanceOver(s, { from: new Date(RARE_START), to: new Date(RARE_START + 200 * DAY), period }));

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  inbox = join(dir.path, 'inbox');
  mkdirSync(inbox);
  fleetFile = join(dir.path, 'drives.yaml');
  writeFileSync(fleetFile, RARE_FLEET);
  writeRareDays(DRIVES, inbox, 0, 100, 4);
  ok(['run', '--inbox', inbox]);
  ok(['train', '--from', rareDay(0), '--to', rareDay(60), '--test-to', rareDay(90), '--trees', '10', '--seed', '3', '--min-samples-leaf', '20', '--cost-missed-failure', '40000', '--cost-false-alarm', '1500']);
  ok(['score', '--incremental', '--model', 'pdm@1']);
  await night();
  writeRareDays(DRIVES, inbox, 100, 130, 4);
  // the nightly job judges what matured since the first night itself
  ok(['run', '--inbox', inbox, '--model', 'pdm@1']);
  cutoffs.push(await labelCutoff());
  runNight = lastMonitorLine();
  // the same version scores a judged range again: its predictions must not be judged twice
  ok(['score', '--model', 'pdm@1', '--from', rareDay(80), '--to', rareDay(90)]);
  afterRescore = await monitor();
}, 60_000);
afterAll(() => dir.remove());

describe('realised performance night by night', () => {
  it('judges on each night only the predictions whose horizon passed since the last one', async () => {
    const [first] = nights;
    // a prediction has matured once its 5-day horizon ends by the data's end
    const [through1, through2] = cutoffs.map((c) => c - HORIZON) as [number, number];
    expect(first?.maturedTo?.getTime()).toBe(cutoffs[0]);
    expect(first?.versions).toMatchObject([{ name: 'pdm', version: 1, after: undefined, through: new Date(through1) }]);
    expect(first?.versions[0]?.rows).toBe(await predictions(-1e15, through1));
    expect(new Date(runNight.matured_to).getTime()).toBe(cutoffs[1]);
    expect(runNight.versions).toEqual([expect.objectContaining({ model: 'pdm@1', rows: await predictions(through1, through2) })]);
    // rescoring a judged range gave nothing new to judge
    expect(afterRescore.night).toBeUndefined();
    expect(await number(`SELECT sum(rows_judged) AS n FROM monitor_performance`)).toBe(await predictions(-1e15, through2));
    expect(await number(`SELECT count(DISTINCT night) AS n FROM monitor_performance`)).toBe(2);
  });

  it('writes nothing on a night when nothing matured', async () => {
    const before = readCatalog(lake).version;
    const night = await monitor();
    expect(night.night).toBeUndefined();
    expect(night.versions).toEqual([]);
    expect(readCatalog(lake).version).toBe(before);
  });

  it('reports per period beside the expected figures, and marks periods with too few failures', async () => {
    const [model] = await readLake(lake, 'SELECT artifact_path FROM models', async () => undefined);
    const meta = modelMetaSchema.parse(JSON.parse(readFileSync(join(lake, String(model?.artifact_path), 'model.json'), 'utf8')));
    for (const period of ['day', 'week', 'month'] as const) {
      const periods = await over(period);
      expect(periods.reduce((n, p) => n + p.realised.rows, 0)).toBe(await predictions(-1e15, cutoffs[1]! - HORIZON));
      for (const p of periods) {
        expect(p.realised.enough).toBe(p.realised.failures >= MIN_FAILURES);
        if (!p.realised.enough) expect([p.realised.recall, p.realised.precision, p.realised.prAuc, p.realised.brier, p.realised.leadHoursMedian]).toEqual([null, null, null, null, null]);
        else expect(p.realised.prAuc).not.toBeNull();
        expect(p.realised.cost).not.toBeNull();
        expect(p.expected.test.prAuc).toBe(meta.evaluation.riskPrAuc);
        expect(p.expected.validation?.failures).toBeGreaterThan(0);
      }
      if (period === 'month') expect(periods.some((p) => p.realised.enough)).toBe(true);
    }
  });

  it('adds up, night by night, to judging everything at once', async () => {
    const nightly = await over('day');
    await withWriter(lake, (s) =>
      s.commit({ tables: { monitor_performance: { files: [], columns: PERFORMANCE_COLUMNS }, monitor_performance_open: { files: [], columns: PERFORMANCE_OPEN_COLUMNS } } }),
    );
    const bulk = await monitor();
    expect(bulk.versions[0]?.rows).toBe(await predictions(-1e15, cutoffs[1]! - HORIZON));
    const once = await over('day');
    expect(once.map((p) => ({ ...p, realised: { ...p.realised, brier: p.realised.brier?.toFixed(12) } }))).toEqual(
      nightly.map((p) => ({ ...p, realised: { ...p.realised, brier: p.realised.brier?.toFixed(12) } })),
    );
    expect(once.reduce((n, p) => n + p.realised.failures, 0)).toBeGreaterThan(MIN_FAILURES);
  });
});
