import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLake, runCli, tempDir, twoDropFeed, type CliOutcome, type TwoDropFeed } from './helpers.js';

/**
 * The cron job: the simulated quarter arrives in two drops into an inbox, split at 2015-03-01.
 * The first night loads everything so far; a model is trained and promoted; the second night
 * must load only the new drop, rebuild only the gold range it touches, and score only new rows.
 */
const SPLIT = '2015-03-01 00:00:00';
let dir: ReturnType<typeof tempDir>;
let lake: string;
let inbox: string;

const lakescore = (args: string[]): CliOutcome => runCli(['--lake', lake, ...args]);

let feed: TwoDropFeed;

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  feed = await twoDropFeed(dir.path, { machines: 10, days: 90, seed: 8 }, SPLIT);
  inbox = feed.inbox;
  feed.deliver(1);
  const first = lakescore(['run', '--inbox', inbox]);
  // no model yet: the data is loaded and built, scoring is skipped and the night succeeds
  expect(first.code, first.stderr).toBe(0);
  expect(first.stderr).toMatch(/score +no model pdm@production yet: scoring skipped/);
  expect(lakescore(['train', '--from', '2015-01-01', '--to', '2015-02-01', '--test-to', '2015-03-01', '--trees', '10']).code).toBe(0);
  expect(lakescore(['models', 'promote', 'pdm@1', '--alias', 'production']).code).toBe(0);
  expect(lakescore(['run', '--inbox', inbox]).code).toBe(0);
});
afterAll(() => dir.remove());

const count = async (sql: string): Promise<number> => Number((await readLake(lake, sql))[0]?.n);

describe('lakescore run', () => {
  it('fails a night whose model name has models but not the alias asked for (a typo), and skips none', () => {
    const { code, stderr } = lakescore(['run', '--inbox', inbox, '--model', 'pdm@prod']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/model pdm@prod is not in the registry/);
  });

  it('does nothing when nothing is new, and says so', async () => {
    const runs = await count(`SELECT count(*) AS n FROM score_runs`);
    const { code, stderr } = lakescore(['run', '--inbox', inbox]);
    expect(code).toBe(0);
    expect(stderr).toContain('nothing new: nothing was done');
    expect(await count(`SELECT count(*) AS n FROM score_runs`)).toBe(runs);
  });

  it('loads only the new drop, rebuilds the gold range it touches and scores only new rows', async () => {
    const goldBefore = await readLake(lake, `SELECT machine_id, ts, volt_mean_24h, label FROM gold_features WHERE ts < TIMESTAMP '2015-02-27 00:00:00' ORDER BY ALL`);
    const [mark] = await readLake(lake, `SELECT max(watermark) AS w FROM score_runs WHERE status = 'succeeded'`);
    feed.deliver(2);

    const { code, stderr } = lakescore(['run', '--inbox', inbox]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/4 file\(s\) loaded .* 5 already loaded, 0 rejected/);

    // gold: rebuilt from one horizon (48 h) before the first new row, untouched before that
    const [build] = await readLake(lake, `SELECT from_ts, to_ts FROM gold_builds ORDER BY build_id DESC LIMIT 1`);
    expect(build?.from_ts).toEqual(new Date('2015-02-27T00:00:00Z'));
    expect(await readLake(lake, `SELECT machine_id, ts, volt_mean_24h, label FROM gold_features WHERE ts < TIMESTAMP '2015-02-27 00:00:00' ORDER BY ALL`)).toEqual(goldBefore);
    expect(await count(`SELECT count(*) AS n FROM gold_features`)).toBe(10 * 180);

    // score: only the rows after the previous watermark, once each
    const [last] = await readLake(lake, `SELECT run_id, row_count, range_from FROM score_runs ORDER BY run_id DESC LIMIT 1`);
    expect(last?.range_from).toEqual(new Date((mark?.w as Date).getTime() + 12 * 3_600_000));
    expect(last?.row_count).toBe(await count(`SELECT count(*) AS n FROM gold_features WHERE ts > TIMESTAMP '${(mark?.w as Date).toISOString()}'`));
    expect(await count(`SELECT count(*) AS n FROM results_latest`)).toBe(10 * 180);
    expect(await count(`SELECT count(*) - count(DISTINCT (machine_id, ts)) AS n FROM results`)).toBe(0);
  });

  it('logs every step as a JSON line with its duration and counts', () => {
    const lines = readFileSync(join(lake, '_logs', 'lakescore.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const lastRun = lines.slice(-5);
    expect(lastRun.map((l) => l.step)).toEqual(['ingest', 'silver', 'gold', 'score', 'monitor']);
    for (const line of lastRun) {
      expect(line).toMatchObject({ command: 'run', status: 'ok', seconds: expect.any(Number) });
      expect(typeof line.time).toBe('string');
    }
    expect(lastRun[0]).toMatchObject({ loaded: 4, skipped: 5, rejected: 0 });
    // the model has a rule (train chooses one), so the night says how many assets it alerted
    expect(lastRun[3]?.assets_alerted).toEqual(expect.any(Number));
    // the model keeps a training profile, so the night lists what drifted (maybe nothing)
    expect(lastRun[3]?.drifted).toEqual(expect.any(Array));
    // and the night judged the first night's predictions whose horizon has now passed
    expect(lastRun[4]).toMatchObject({ night: expect.any(Number), versions: [expect.objectContaining({ model: 'pdm@1', rows: expect.any(Number) })] });
  });

  it('ends with a vacuum when asked, keeping the results it scored', async () => {
    const results = await count(`SELECT count(*) AS n FROM results_latest`);
    const { code, stderr } = lakescore(['run', '--inbox', inbox, '--vacuum', '--older-than', '0']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/ {2}vacuum {2}removed \d+ version\(s\) .*; kept versions (\d+) to \1/);
    expect(await count(`SELECT count(*) AS n FROM results_latest`)).toBe(results);
  });
});
