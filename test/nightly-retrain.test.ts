import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLake, runCli, tempDir, twoDropFeed, type CliOutcome, type TwoDropFeed } from './helpers.js';

/**
 * `run --retrain-every`: a fleet fed from its first day trains its first model the night the
 * data allows and scores with it that night; a later night retrains only when it is due; a
 * retrain that cannot be done fails the night without holding back the rest of it.
 */
let dir: ReturnType<typeof tempDir>;
let feed: TwoDropFeed;

beforeAll(async () => {
  dir = tempDir();
  feed = await twoDropFeed(dir.path, { machines: 10, days: 90, seed: 8 }, '2015-03-01 00:00:00');
  feed.deliver(1);
  feed.deliver(2);
});
afterAll(() => dir.remove());

const on = (lake: string) => (args: string[]): CliOutcome => runCli(['--lake', lake, ...args]);

const logLines = (lake: string): Record<string, unknown>[] =>
  readFileSync(join(lake, '_logs', 'lakescore.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('run --retrain-every', () => {
  it('trains, promotes and scores with the first model on the first night, then does not retrain until one is due (test/retrain-due.test.ts pins when)', async () => {
    const lake = join(dir.path, 'due');
    const lakescore = on(lake);
    const first = lakescore(['run', '--inbox', feed.inbox, '--retrain-every', '7d']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/retrain promoted pdm@1 to pdm@production: there was no pdm@production yet/);
    expect(first.stderr).toMatch(/score +score run 1: 1800 predictions by pdm@1/);
    const decisions = await readLake(lake, `SELECT champion, challenger, promoted FROM model_evaluations`);
    expect(decisions).toEqual([{ champion: null, challenger: 'pdm@1', promoted: true }]);
    const retrainLine = logLines(lake).find((l) => l.step === 'retrain');
    expect(retrainLine).toMatchObject({ command: 'run', status: 'ok', evaluation_id: 1, challenger: 'pdm@1', champion: null, promoted: true });

    const second = lakescore(['run', '--inbox', feed.inbox, '--retrain-every', '7d']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/retrain not due: a decision was made within the last 7d/);
    expect(second.stderr).toContain('nothing new: nothing was done');
    expect(await readLake(lake, `SELECT count(*)::INT AS n FROM model_evaluations`)).toEqual([{ n: 1 }]);
    expect(await readLake(lake, `SELECT count(*)::INT AS n FROM models`)).toEqual([{ n: 1 }]);

  });

  it('waits for the data while a new fleet is too young to train on, with exit 0 and no failure recorded, then trains its first model', async () => {
    const root = join(dir.path, 'young');
    mkdirSync(root);
    const young = await twoDropFeed(root, { machines: 10, days: 90, seed: 8 }, '2015-01-21 00:00:00');
    const lake = join(root, 'lake');
    const lakescore = on(lake);
    young.deliver(1);
    const first = lakescore(['run', '--inbox', young.inbox, '--retrain-every', '7d']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/retrain not yet: gold has no rows before the holdout \[[-\d]+, [-\d]+\) to train on: .*; the night trains the first model once the data allows/);
    expect(first.stderr).toMatch(/no model pdm@production yet: scoring skipped/);
    expect(logLines(lake).find((l) => l.step === 'retrain')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^not yet: gold has no rows before the holdout/) });
    expect(await readLake(lake, `SELECT count(*)::INT AS n FROM failed_steps`)).toEqual([{ n: 0 }]);
    young.deliver(2);
    const later = lakescore(['run', '--inbox', young.inbox, '--retrain-every', '7d']);
    expect(later.code, later.stderr).toBe(0);
    expect(later.stderr).toMatch(/retrain promoted pdm@1 to pdm@production/);
  });

  it('refuses a model reference without an alias, before touching the lake', () => {
    const lake = join(dir.path, 'refused');
    for (const model of ['pdm@1', 'pdm']) {
      const outcome = on(lake)(['run', '--inbox', feed.inbox, '--retrain-every', '7d', '--model', model]);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr.trim()).toBe('lakescore: --model: --retrain-every needs --model NAME@ALIAS: a retrain promotes to an alias');
    }
  });

  it('fails a night whose retrain cannot be done, after the rest of the night is published', async () => {
    const lake = join(dir.path, 'failing');
    const lakescore = on(lake);
    const definition = join(dir.path, 'short-holdout.yaml');
    writeFileSync(definition, `${readFileSync(join(import.meta.dirname, '..', 'fleet', 'default.yaml'), 'utf8')}\nretrain:\n  window: 2h\n  holdout: 1h\n`);
    expect(lakescore(['fleet', 'apply', definition]).code).toBe(0);
    const night = lakescore(['run', '--inbox', feed.inbox, '--retrain-every', '7d']);
    expect(night.code).toBe(2);
    expect(night.stderr).toMatch(/retrain failed \(below\); nothing was promoted, and the next night retrains again/);
    expect(night.stderr.trim().split('\n').at(-1)).toBe('lakescore: the holdout must be at least a step (12h) long');
    expect(await readLake(lake, `SELECT count(*)::INT AS n FROM gold_features`)).toEqual([{ n: 1800 }]);
    expect(await readLake(lake, `SELECT step FROM failed_steps`)).toEqual([{ step: 'retrain' }]);
    expect(await readLake(lake, `SELECT count(*)::INT AS n FROM model_evaluations`)).toEqual([{ n: 0 }]);
  });
});
