import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../sql/catalog.js';
import { ownFiles } from '../sql/own-files.js';
import { readLake, runCli, tempDir, twoDropFeed, type CliOutcome } from './helpers.js';

/**
 * A night whose gold step fails: its data steps before it stand, and the failed step is in
 * `runs` (from `failed_steps`) and in the JSON log with the same one-line reason the night ends
 * with. The failure is a gold file gone from the lake, which silver never reads and gold does.
 */
const SPLIT = '2015-01-15 00:00:00';
let dir: ReturnType<typeof tempDir>;
let lake: string;
let inbox: string;
let night: CliOutcome;
let goneFile: string;

const lakescore = (args: string[]): CliOutcome => runCli(['--lake', lake, ...args]);


interface RunsRow {
  kind: string;
  id: number;
  what: string;
  status: string;
  error: string | null;
}

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  const feed = await twoDropFeed(dir.path, { machines: 4, days: 30, seed: 3 }, SPLIT);
  inbox = feed.inbox;
  feed.deliver(1);
  expect(lakescore(['run', '--inbox', inbox]).code).toBe(0);
  goneFile = readCatalog(lake).tables.gold_features?.files[0] as string;
  rmSync(join(lake, goneFile));
  feed.deliver(2);
  night = lakescore(['run', '--inbox', inbox]);
});
afterAll(() => dir.remove());

describe('a night whose gold step fails', () => {
  it('ends with one line naming the file, after loading the new drop and building silver', async () => {
    expect(night.code).toBe(2);
    expect(night.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^lakescore: .*gold_features.*${goneFile.replaceAll('/', '\\/')}`))]);
    const [loads] = await readLake(lake, `SELECT count(*) AS n FROM loads WHERE status = 'loaded'`);
    expect(loads?.n).toBe(readdirSync(inbox).length);
  });

  it('shows the failed gold step in runs, with the reason the night ended with', () => {
    const listed = lakescore(['runs', '--format', 'json']);
    expect(listed.code, listed.stderr).toBe(0);
    const rows = JSON.parse(listed.stdout) as RunsRow[];
    const failed = rows.filter((r) => r.status === 'failed');
    expect(failed).toEqual([{ ...failed[0], kind: 'run step', id: 1, what: 'gold in lakescore run', error: night.stderr.trim().replace(/^lakescore: /, '') }]);
    expect(rows.filter((r) => r.kind === 'silver build').map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('logs the step as failed in the JSON log, after the steps that succeeded', () => {
    const lines = readFileSync(join(lake, '_logs', 'lakescore.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(-3).map((l) => [l.step, l.status])).toEqual([
      ['ingest', 'ok'],
      ['silver', 'ok'],
      ['gold', 'failed'],
    ]);
    expect(lines.at(-1)?.error).toBe(night.stderr.trim().replace(/^lakescore: /, ''));
  });

  it("keeps the record in a file of lakescore's own, which a vacuum may remove once no version names it", () => {
    const files = readCatalog(lake).tables.failed_steps?.files ?? [];
    expect(files).toHaveLength(1);
    expect(ownFiles(lake).files).toContain(files[0]);
  });
});
