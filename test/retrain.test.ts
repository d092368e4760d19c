import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declareModelTables } from '../ml/registry.js';
import { declareEvaluationTable } from '../ml/retrain/evaluations.js';
import { readCatalog } from '../sql/catalog.js';
import { LakeSession, type Row } from '../sql/duckdb.js';
import { builtLake, runCli, tempDir } from './helpers.js';

/**
 * `lakescore retrain` end to end through the binary, on one small simulated lake whose models
 * the tests add in turn: no champion, a champion the challenger only equals, a champion clearly
 * worse, and a challenger trained under another definition than the lake's.
 */

let dir: ReturnType<typeof tempDir>;
let lake: string;
const RANGES = ['--window', '40d', '--holdout', '20d', '--threads', '1'];
const lakescore = (...args: string[]) => runCli(['--lake', lake, ...args]);

function retrain(...args: string[]): string {
  const out = lakescore('retrain', ...RANGES, ...args);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return out.stdout;
}

/** A query over the lake as it was at a catalog version (the newest without one). */
function readAt(sql: string, asOf?: number): Promise<Row[]> {
  return LakeSession.using(lake, asOf === undefined ? {} : { asOf }, async (s) => {
    await declareModelTables(s);
    await declareEvaluationTable(s);
    return s.query(sql);
  });
}

const evaluations = (name: string): Promise<Row[]> => readAt(`SELECT * FROM model_evaluations WHERE name = '${name}' ORDER BY evaluation_id`);
const aliased = async (name: string): Promise<unknown[]> =>
  (await readAt(`SELECT version FROM models WHERE name = '${name}' AND list_contains(string_split(aliases, ','), 'production')`)).map((r) => r.version);

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  await builtLake(lake, join(dir.path, 'sim'), { machines: 16, days: 90, seed: 5 });
});
afterAll(() => dir.remove());

describe('retrain', () => {
  it('promotes the challenger when the alias names no model, in one commit with its decision', async () => {
    const before = readCatalog(lake).version;
    const out = retrain('--trees', '10');
    expect(out).toContain('promoted pdm@1 to pdm@production: there was no pdm@production yet');
    // the registration is one commit; the decision and the alias the next, never one without the other
    expect(readCatalog(lake).version).toBe(before + 2);
    expect(await readAt(`SELECT count(*)::INTEGER AS n FROM model_evaluations`, before + 1)).toEqual([{ n: 0 }]);
    expect(await readAt(`SELECT version, aliases FROM models`, before + 1)).toEqual([{ version: 1, aliases: '' }]);
    expect(await aliased('pdm')).toEqual([1]);
    const [row] = await evaluations('pdm');
    expect(row).toMatchObject({ evaluation_id: 1, champion: null, challenger: 'pdm@1', metric: 'event-f1', promoted: true, champion_value: null });
  });

  it('keeps the champion when the challenger, trained as it was on the same data, is not better by the margin', async () => {
    const before = readCatalog(lake).version;
    const out = retrain();
    expect(out).toMatch(/kept pdm@1 as pdm@production, pdm@2 stays registered unpromoted: pdm@2's event F1 [\d.]+ against pdm@1's [\d.]+: not better by the 5% margin/);
    expect(readCatalog(lake).version).toBe(before + 2);
    expect(await aliased('pdm')).toEqual([1]);
    const [, row] = await evaluations('pdm');
    expect(row).toMatchObject({ champion: 'pdm@1', challenger: 'pdm@2', promoted: false, margin: 0.05 });
    expect(row?.reason).toMatch(/^pdm@2's event F1 .* not better by the 5% margin \(at least [\d.]+ needed\)$/);
    // the champion's settings carried over, so both are the same forest and judged alike
    expect(row?.challenger_value).toBe(row?.champion_value);
  });

  it('records both models judged on the same holdout rows, as train judged the challenger on its test range', async () => {
    const [, row] = await evaluations('pdm');
    const figures = JSON.parse(String(row?.figures)) as { challenger: { rows: number; failures: number; figures: unknown }; champion: { rows: number; failures: number; figures: unknown } };
    expect(figures.challenger.rows).toBeGreaterThan(0);
    expect(figures.champion.rows).toBe(figures.challenger.rows);
    expect(row?.holdout_rows).toBe(figures.challenger.rows);
    expect(figures.champion.failures).toBe(row?.holdout_failures);
    expect(row?.holdout_failures).toBeGreaterThan(0);
    const [artifact] = await readAt(`SELECT artifact_path FROM models WHERE name = 'pdm' AND version = 2`);
    const meta = JSON.parse(readFileSync(join(lake, String(artifact?.artifact_path), 'model.json'), 'utf8')) as { evaluation: { rows: number }; decision: { test: { figures: unknown } } };
    expect(meta.evaluation.rows).toBe(figures.challenger.rows);
    expect(figures.challenger.figures).toEqual(meta.decision.test.figures);
    // the holdout is the window's next stretch: the challenger never fitted a row of it
    expect(row?.window_to).toEqual(row?.holdout_from);
  });

  it('promotes a challenger over a clearly worse champion, and `models` shows the decisions', async () => {
    const trained = lakescore('train', '--name', 'early', '--from', '2015-01-01', '--to', '2015-01-08', '--test-to', '2015-01-15', '--trees', '1', '--threads', '1');
    expect(trained.code).toBe(0);
    expect(lakescore('models', 'promote', 'early@1', '--alias', 'production').code).toBe(0);
    const out = retrain('--name', 'early', '--trees', '20');
    expect(out).toMatch(/promoted early@2 to early@production: early@2's event F1 [\d.]+ against early@1's [\d.]+: better by at least the 5% margin/);
    expect(await aliased('early')).toEqual([2]);
    const [row] = await evaluations('early');
    expect(Number(row?.challenger_value)).toBeGreaterThan(1.05 * Number(row?.champion_value));

    const list = lakescore('models', 'list').stdout;
    expect(list).toContain('latest retrain decisions');
    expect(list).toMatch(/early@2\s+early@1\s+event-f1/);
    const shown = lakescore('models', 'show', 'early@1').stdout;
    expect(shown).toMatch(/retrain decisions\n {2}#\d+ .*: challenger early@2 [\d.]+ against champion early@1 [\d.]+ \(event-f1\): promoted; /);
  });

  it('never promotes a challenger trained on gold of another definition than the lake now has, not even without a champion', async () => {
    const definition = join(dir.path, 'changed.yaml');
    writeFileSync(definition, lakescore('fleet', 'show').stdout.replace(/^ {2}volt:.*$/m, '  volt: { min: 0, max: 100000 }'));
    expect(lakescore('fleet', 'apply', definition).code).toBe(0);
    const out = retrain('--name', 'other');
    expect(out).toMatch(/left other@production unset, other@1 stays registered unpromoted: other@1 was trained on gold built under fleet definition [0-9a-f]{12}, not the lake's [0-9a-f]{12}: a model trained under another fleet definition is never promoted/);
    expect(await aliased('other')).toEqual([]);
    expect((await evaluations('other'))[0]).toMatchObject({ promoted: false, champion: null });
  });

  it('refuses a holdout that leaves nothing before it to train on, and a cost metric without costs', () => {
    expect(lakescore('retrain', '--window', '40d', '--holdout', '100d').stderr).toMatch(/gold has no rows before the holdout/);
    expect(lakescore('retrain', ...RANGES, '--metric', 'cost').stderr).toMatch(/the cost metric needs costs/);
    expect(lakescore('retrain', '--window', '40x').stderr).toMatch(/--window: expected a duration/);
  });
});
