import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../bronze/simulate/simulate.js';
import { BIN, readLake, runCli, tempDir, type CliOutcome } from './helpers.js';


let dir: ReturnType<typeof tempDir>;
let lake: string;

const lakescore = (args: string[], env: Record<string, string> = {}): CliOutcome => runCli(['--lake', lake, ...args], env);

function ok(args: string[]): string {
  const result = lakescore(args);
  if (result.code !== 0) throw new Error(`lakescore ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

const resultsFiles = (): number => readdirSync(join(lake, 'results')).filter((f) => f.startsWith('run-')).length;

/**
 * Waits until a scoring process has written its results file: from then on it only waits (the
 * test hook) to publish, holding the writer lock, so it can be killed or raced at a known point.
 */
async function resultsWritten(before: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (resultsFiles() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(resultsFiles()).toBe(before + 1);
}

const count = async (sql: string): Promise<number> => Number((await readLake(lake, sql))[0]?.n);

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  await simulate({ machines: 20, from: '2015-01-01', days: 90, seed: 21, format: 'csv.gz', dirty: 0, out: join(dir.path, 'sim') });
  ok(['ingest', join(dir.path, 'sim')]);
  ok(['build', 'all']);
  ok(['train', '--from', '2015-01-01', '--to', '2015-03-01', '--test-to', '2015-04-01', '--trees', '20', '--seed', '3']);
  ok(['models', 'promote', 'pdm@1', '--alias', 'production']);
});
afterAll(() => dir.remove());

describe('scoring', () => {
  it('scores a range into a new results version with one prediction per gold row', async () => {
    const out = ok(['score', '--from', '2015-03-01', '--to', '2015-03-15']);
    expect(out).toMatch(/score run 1: 560 predictions by pdm@1/);
    expect(await count(`SELECT count(*) AS n FROM results WHERE run_id = 1`)).toBe(20 * 28);
    expect(await count(`SELECT count(*) AS n FROM results WHERE abs(p_none + p_comp1 + p_comp2 + p_comp3 + p_comp4 - 1) > 1e-9`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM results r ANTI JOIN gold_features g USING (machine_id, ts)`)).toBe(0);
    const [run] = await readLake(lake, `SELECT status, row_count, model_name, model_version FROM score_runs WHERE run_id = 1`);
    expect(run).toEqual({ status: 'succeeded', row_count: 560, model_name: 'pdm', model_version: 1 });
  });

  it('scores incrementally everything after the watermark once, and nothing the second time', async () => {
    const first = ok(['score', '--incremental']);
    // the gold rows after the watermark, to the end of the last one's 12 h step
    expect(first).toMatch(/score run \d+: 3600 predictions by pdm@1 for \[2015-01-01T00:00:00.000Z, 2015-04-01T00:00:00.000Z\)/);
    const [run] = await readLake(lake, `SELECT strftime(range_to, '%Y-%m-%d %H:%M:%S.%g') AS range_to, strftime(watermark, '%Y-%m-%d %H:%M') AS watermark FROM score_runs WHERE mode = 'incremental'`);
    expect(run).toEqual({ range_to: '2015-04-01 00:00:00.000', watermark: '2015-03-31 12:00' });
    expect(ok(['runs', '--format', 'csv'])).toMatch(/^scoring,2,"pdm@1 incremental \[2015-01-01 00:00, 2015-04-01 00:00\)",succeeded,3600,/m);
    expect(ok(['score', '--incremental'])).toMatch(/nothing new to score/);
    expect(await count(`SELECT count(*) AS n FROM results_latest`)).toBe(3600);
    // results_latest keeps the newest version per machine and time; results keeps every version
    expect(await count(`SELECT count(*) AS n FROM results`)).toBe(3600 + 560);
    expect(await count(`SELECT count(DISTINCT run_id) AS n FROM results_latest`)).toBe(1);
  });

  it('rejects SQL injection through --from, --to and --model as bad input', () => {
    const attempts = [
      ['score', '--from', "2015-03-01'; DROP TABLE results; --", '--to', '2015-03-02'],
      ['score', '--from', '2015-03-01', '--to', "2015-03-02' OR 1=1"],
      ['score', '--incremental', '--model', "pdm@production' OR '1'='1"],
      ['score', '--incremental', '--model', 'pdm; DROP TABLE models'],
      ['train', '--from', '2015-01-01', '--to', '2015-03-01', '--test-to', '2015-04-01', '--name', "x'); DROP TABLE models; --"],
      ['build', 'gold', '--windows', '12,24); DROP TABLE x; --'],
    ];
    for (const args of attempts) {
      const { code, stderr } = lakescore(args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(/^lakescore: --(from|to|model|name|windows): /);
    }
  });

  it('names a gold column the model needs and gold lacks', async () => {
    const other = tempDir();
    try {
      const otherLake = join(other.path, 'lake');
      const run = (args: string[]): CliOutcome => runCli(['--lake', otherLake, ...args]);
      expect(run(['ingest', join(dir.path, 'sim')]).code).toBe(0);
      expect(run(['build', 'all']).code).toBe(0);
      expect(run(['train', '--from', '2015-01-01', '--to', '2015-03-01', '--test-to', '2015-04-01', '--trees', '5']).code).toBe(0);
      expect(run(['build', 'gold', '--windows', '12,24', '--reset']).code).toBe(0);
      const scored = run(['score', '--from', '2015-03-01', '--to', '2015-03-02', '--model', 'pdm@1']);
      expect(scored.code).toBe(2);
      expect(scored.stderr).toContain('volt_mean_36h');
    } finally {
      other.remove();
    }
  });

  it('leaves no partial results when scoring is killed with SIGKILL, and the next run succeeds', async () => {
    const before = await count(`SELECT count(*) AS n FROM results`);
    const already = resultsFiles();
    const child = spawn(process.execPath, [BIN, '--lake', lake, 'score', '--from', '2015-01-01', '--to', '2015-04-01', '--model', 'pdm@1'], {
      env: { ...process.env, LAKESCORE_TEST_SCORE_DELAY_MS: '60000' },
    });
    await resultsWritten(already);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    expect(await count(`SELECT count(*) AS n FROM results`)).toBe(before);
    const [dead] = await readLake(lake, `SELECT run_id, status FROM score_runs ORDER BY run_id DESC LIMIT 1`);
    expect(dead?.status).toBe('running');

    // any writer, not only the next scoring run, marks it failed
    const ingest = lakescore(['ingest', join(dir.path, 'sim')]);
    expect(ingest.code).toBe(0);
    expect(ingest.stderr).toMatch(/marked 1 interrupted scoring run\(s\) failed/);
    ok(['score', '--from', '2015-03-15', '--to', '2015-03-16', '--model', 'pdm@1']);
    const runs = await readLake(lake, `SELECT run_id, status, error FROM score_runs WHERE run_id >= ${Number(dead?.run_id)} ORDER BY run_id`);
    expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(String(runs[0]?.error)).toMatch(/interrupted/);
    expect(await count(`SELECT count(*) AS n FROM results`)).toBe(before + 40);
    expect(await count(`SELECT count(*) AS n FROM score_runs WHERE status = 'succeeded' AND run_id NOT IN (SELECT DISTINCT run_id FROM results)`)).toBe(0);
  });

  it('lets only one writer in: the second exits 75 while the first scores, and nothing is corrupted', async () => {
    const before = await count(`SELECT count(*) AS n FROM results`);
    const already = resultsFiles();
    const first = spawn(process.execPath, [BIN, '--lake', lake, 'score', '--from', '2015-02-01', '--to', '2015-02-02', '--model', 'pdm@1'], {
      env: { ...process.env, LAKESCORE_TEST_SCORE_DELAY_MS: '3000' },
    });
    const firstExit = new Promise<number | null>((resolve) => first.once('exit', resolve));
    await resultsWritten(already);
    const second = lakescore(['score', '--from', '2015-02-02', '--to', '2015-02-03', '--model', 'pdm@1']);
    expect(second.code).toBe(75);
    expect(second.stderr).toMatch(/busy: process \d+ running "score"/);
    expect(await firstExit).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM results`)).toBe(before + 40);
    expect(ok(['score', '--from', '2015-02-02', '--to', '2015-02-03', '--model', 'pdm@1'])).toMatch(/40 predictions/);
  });

  it('answers sql over results with typed output', () => {
    const json = JSON.parse(ok(['sql', 'SELECT run_id, machine_id, ts, p_none FROM results_latest ORDER BY machine_id, ts LIMIT 1', '--format', 'json'])) as Record<string, unknown>[];
    expect(json[0]).toMatchObject({ run_id: expect.any(Number), machine_id: 1, ts: '2015-01-01T00:00:00.000Z' });
    expect(typeof json[0]?.p_none).toBe('number');
  });
});
