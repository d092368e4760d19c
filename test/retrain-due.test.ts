import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../fleet/fleet.js';
import { parseDuration, type Duration } from '../fleet/duration.js';
import { retrain, retrainDue, type RetrainReport } from '../ml/retrain/retrain.js';
import { LakeSession } from '../sql/duckdb.js';
import { builtLake, FLEET, tempDir, withWriter } from './helpers.js';

/**
 * The library's side of retraining, as the nightly calls it: when a name is due again, and a
 * comparison on expected cost prices both models alike, whatever policy chose the champion's rule.
 */

let dir: ReturnType<typeof tempDir>;
let lake: string;
const DAY_S = 86_400;
const at = new Date('2015-04-01T02:00:00Z');
const COSTS = { missedFailure: 10_000, falseAlarm: 500, caughtFailure: 1_000 };
const costFleet: Fleet = { ...FLEET, alertPolicy: { kind: 'cost', costs: COSTS } };
const run = (fleet: Fleet, now: Date): Promise<RetrainReport> =>
  withWriter(lake, (s) => retrain(s, fleet, { name: 'due', alias: 'production', window: parseDuration('30d') as Duration, holdoutSeconds: 15 * DAY_S, forest: { trees: 5, threads: 1 }, now }));
const due = (name: string, everySeconds: number, now: Date): Promise<boolean> => LakeSession.using(lake, {}, (s) => retrainDue(s, name, everySeconds, now));

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  await builtLake(lake, join(dir.path, 'sim'), { machines: 10, days: 80, seed: 3 });
});
afterAll(() => dir.remove());

describe('retrainDue', () => {
  it('is due until a decision about the name was made, then again once `every` (less half a day, or half of it) has passed since it', async () => {
    expect(await due('due', 7 * DAY_S, at)).toBe(true);
    const report = await run(FLEET, at);
    expect(report).toMatchObject({ evaluationId: 1, promoted: true, metric: 'event-f1' });
    expect(await due('due', 7 * DAY_S, new Date(at.getTime() + 6 * DAY_S * 1000))).toBe(false);
    expect(await due('due', 7 * DAY_S, new Date(at.getTime() + 7 * DAY_S * 1000))).toBe(true);
    // a night that reaches its retrain a few minutes earlier than last week's is due all the same
    expect(await due('due', 7 * DAY_S, new Date(at.getTime() + (7 * DAY_S - 600) * 1000))).toBe(true);
    expect(await due('due', DAY_S, new Date(at.getTime() + (DAY_S - 600) * 1000))).toBe(true);
    expect(await due('due', DAY_S, new Date(at.getTime() + (DAY_S / 2 - 600) * 1000))).toBe(false);
    expect(await due('other', 7 * DAY_S, at)).toBe(true);
  });
});

describe('a comparison on cost', () => {
  it('prices the champion, whose rule was chosen by the best F1, at the costs the challenger was chosen by', async () => {
    const report = await run(costFleet, new Date(at.getTime() + 7 * DAY_S * 1000));
    expect(report.metric).toBe('cost');
    expect(report.challenger.training.model.meta.decision?.rule.policy).toEqual({ kind: 'cost', costs: COSTS });
    const champion = report.champion;
    if (champion === undefined || 'unusable' in champion) throw new Error('expected the first retrain\'s model as champion');
    expect(champion.id).toBe('due@1');
    for (const judged of [champion, report.challenger]) {
      const f = judged.figures.figures;
      expect(judged.value).toBe((f.failures - f.caught) * COSTS.missedFailure + f.falseEpisodes * COSTS.falseAlarm + f.caught * COSTS.caughtFailure);
    }
    expect(report.reason).toMatch(/^due@2's expected cost [\d,]+ against due@1's [\d,]+: /);
    expect(await due('due', 7 * DAY_S, new Date(at.getTime() + 13 * DAY_S * 1000))).toBe(false);
  });
});
