import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readValidation } from '../ml/model-file.js';
import { serializeValidation } from '../ml/decision/validation-file.js';
import { DEFAULT_FOREST_PARAMS } from '../ml/forest/index.js';
import { registeredModel, setAlertRule } from '../ml/registry.js';
import { score } from '../ml/score.js';
import { trainModel } from '../ml/train.js';
import { builtLake, FLEET, readLake, tempDir, withWriter } from './helpers.js';

/**
 * A daily capacity scored night by night, with nights that begin mid-day (the grid's step is 12
 * hours, the nights end between its rows), raises exactly the alerts of one run over the whole range: each night continues from the
 * model's own published alerts, and a comparison run of another model does not disturb it.
 */

let dir: ReturnType<typeof tempDir>;
let lake: string;
const at = (s: string): Date => new Date(`${s}Z`);
const HALF_DAY = 12 * 3600 * 1000;

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  await builtLake(lake, join(dir.path, 'sim'), { machines: 12, days: 60, seed: 17 });
  const forest = { ...DEFAULT_FOREST_PARAMS, trees: 8, threads: 1 };
  await withWriter(lake, async (s) => {
    await trainModel(s, FLEET, { name: 'pdm', from: at('2015-01-01T00:00'), to: at('2015-02-01T00:00'), testTo: at('2015-02-15T00:00'), forest });
    await trainModel(s, FLEET, { name: 'other', from: at('2015-01-01T00:00'), to: at('2015-02-01T00:00'), testTo: at('2015-02-15T00:00'), forest: { ...forest, seed: 9 } });
    const model = await registeredModel(s, { name: 'pdm', version: 1 });
    if (!model) throw new Error('no model');
    // a low threshold and one new alert a day: the cap binds on most days
    await setAlertRule(s, model, {
      policy: { kind: 'capacity', maxPerDay: 1 },
      threshold: 0.01,
      maxPerDay: 1,
      chosenOn: { basis: 'given', from: '2015-01-24T00:00:00.000Z', to: '2015-02-01T00:00:00.000Z', rows: 0, failures: 0, candidates: 1 },
      figures: null,
      setAt: new Date().toISOString(),
    });
  });
});
afterAll(() => dir.remove());

const alertsOf = async (runs: string): Promise<string[]> =>
  (
    await readLake(
      lake,
      `SELECT machine_id, ts, alert FROM results WHERE model_name = 'pdm' AND run_id IN (${runs})
       QUALIFY row_number() OVER (PARTITION BY machine_id, ts ORDER BY run_id DESC) = 1 ORDER BY machine_id, ts`,
    )
  ).map((r) => `${String(r.machine_id)} ${(r.ts as Date).toISOString()} ${String(r.alert)}`);

describe('a daily capacity night by night', () => {
  it('raises the alerts of one run over the whole range, with nights that begin mid-day', async () => {
    const from = at('2015-02-01T00:00');
    const to = at('2015-02-20T00:00');
    const whole = await withWriter(lake, (s) => score(s, FLEET, { name: 'pdm', version: 1 }, { mode: 'range', from, to }));
    const wholeAlerts = await alertsOf(String(whole.runId));
    const starts = await readLake(
      lake,
      `WITH r AS (SELECT machine_id, ts, alert, coalesce(lag(alert) OVER (PARTITION BY machine_id ORDER BY ts), false) AS before FROM results WHERE run_id = ${whole.runId})
       SELECT CAST(ts AS DATE) AS day, count(*) FILTER (WHERE alert AND NOT before) AS n FROM r GROUP BY ALL`,
    );
    expect(Math.max(...starts.map((r) => Number(r.n)))).toBe(1);
    expect(starts.filter((r) => Number(r.n) === 1).length).toBeGreaterThan(5);

    // nights end at 18:00 or 06:00, between the 12-hour rows; after each, a comparison run of
    // another model over the same rows, which must not count against pdm's budget
    const ends = [from.getTime() + 18 * 3600 * 1000];
    while ((ends.at(-1) as number) < to.getTime()) ends.push(Math.min((ends.at(-1) as number) + 3 * HALF_DAY, to.getTime()));
    const nights: string[] = [];
    let start = from;
    for (const end of ends.map((t) => new Date(t))) {
      const night = await withWriter(lake, (s) => score(s, FLEET, { name: 'pdm', version: 1 }, { mode: 'range', from: start, to: end }));
      nights.push(String(night.runId));
      await withWriter(lake, (s) => score(s, FLEET, { name: 'other', version: 1 }, { mode: 'range', from: start, to: end }));
      start = end;
    }
    expect(await alertsOf(nights.join(','))).toEqual(wholeAlerts);
  });

  it('reads back a validation file of a few rows as written', () => {
    const rows = { asset: Int32Array.from([0, 0, 1]), ts: Float64Array.from([1, 2, 1]), risk: Float64Array.from([0.1, 0.9, 0.5]), failureAt: Float64Array.from([NaN, 3, NaN]) };
    writeFileSync(join(dir.path, 'validation.bin'), serializeValidation(rows));
    const back = readValidation(dir.path);
    expect(back && [Array.from(back.asset), Array.from(back.ts), Array.from(back.risk), Array.from(back.failureAt)]).toEqual([[0, 0, 1], [1, 2, 1], [0.1, 0.9, 0.5], [NaN, 3, NaN]]);
  });
});
