import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../ml/dataset.js';
import { encodedNames, encodingFor } from '../ml/encoding.js';
import { labelsOf } from '../gold/params.js';
import { DEFAULT_FOREST_PARAMS } from '../ml/forest/index.js';
import { loadModel, parseModelRef, promoteModel } from '../ml/registry.js';
import { trainModel } from '../ml/train.js';
import { LakeSession } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';
import { builtLake, DEFAULT_PARAMS, FLEET, readLake, tempDir, withWriter } from './helpers.js';
import { formatEvaluation } from '../cli/train.js';

let dir: ReturnType<typeof tempDir>;
let lake: string;
const day = (s: string): Date => new Date(`${s}T00:00:00Z`);
const forest = { ...DEFAULT_FOREST_PARAMS, trees: 10, threads: 1 };
/** Where a model version's files are: the registry says (the directory carries its writer's id). */
const artifact = async (name: string, version: number): Promise<string> =>
  join(lake, String((await readLake(lake, `SELECT artifact_path FROM models WHERE name = '${name}' AND version = ${version}`))[0]?.artifact_path));
const train = (name = 'pdm') => withWriter(lake, (s) => trainModel(s, FLEET, { name, from: day('2015-01-01'), to: day('2015-02-15'), testTo: day('2015-03-01'), forest }));

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  await builtLake(lake, join(dir.path, 'sim'), { machines: 12, days: 60, seed: 17 });
});
afterAll(() => dir.remove());

describe('training', () => {
  it('cuts labels off at --to: rows whose horizon reaches past it are skipped and counted', async () => {
    const report = await train();
    const [rows] = await readLake(lake, `SELECT count(*) AS n FROM gold_features WHERE ts < TIMESTAMP '2015-02-15'`);
    const [late] = await readLake(lake, `SELECT count(*) AS n FROM gold_features WHERE ts < TIMESTAMP '2015-02-15' AND ts + INTERVAL 48 HOUR > TIMESTAMP '2015-02-15'`);
    expect(report.train.rows + report.train.unlabeled).toBe(rows?.n);
    expect(report.train.unlabeled).toBe(late?.n);
    expect(report.model.meta.version).toBe(1);
    expect(report.model.meta.evaluation.rows).toBe(report.test.rows);
    expect(report.model.meta.training.goldFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(report.model.meta.importance).toHaveLength(encodedNames(report.model.meta.encoding).length);
    // the monitoring reference (docs/monitoring.md): every numeric feature and the risk, read back checked
    const stored = (await LakeSession.using(lake, {}, (s) => loadModel(s, { name: 'pdm', version: 1 }))).meta.profile;
    expect(stored?.numeric.map((f) => f.feature)).toEqual(report.model.meta.encoding.numeric);
    expect(stored?.rows).toBe(report.train.rows);
    expect(stored?.risk.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('keeps the training rows of each class and prints them beside the test rows, every score as a fraction', async () => {
    const { meta } = (await train('counted')).model;
    const trainRows = meta.training.rowsPerClass ?? [];
    expect(trainRows).toHaveLength(meta.classes.length);
    expect(trainRows.reduce((a, b) => a + b, 0)).toBe(meta.training.rows);
    expect(trainRows.filter((n) => n > 0).length).toBeGreaterThan(1);
    const printed = formatEvaluation(meta.evaluation, trainRows).split('\n');
    const width = Math.max(6, ...meta.classes.map((c) => c.length));
    expect(printed).toContain(`${'class'.padEnd(width)}  precision  recall      f1  PR-AUC  test rows  train rows`);
    const none = meta.evaluation.perClass[0];
    const cells = [none?.precision, none?.recall, none?.f1, meta.evaluation.classPrAuc?.[0] ?? NaN].map((x) => x?.toFixed(4));
    expect(printed).toContain(
      `${'none'.padEnd(width)}     ${cells.join('  ')}${none?.support.toLocaleString('en-US').padStart(11)}${trainRows[0]?.toLocaleString('en-US').padStart(12)}`,
    );
    expect(meta.evaluation.brier).toBeGreaterThanOrEqual(0);
    expect(meta.evaluation.riskPrAuc).toBeGreaterThan(0);
    expect(printed.at(-2)).toMatch(/^macro F1 0\.\d{4}   accuracy 0\.\d{4}   \([\d,]+ test rows\)$/);
    expect(printed.every((line) => !line.includes('%'))).toBe(true);
  });

  it('encodes the model column one-hot over the training categories; an unseen one is all zeros', async () => {
    const session = await LakeSession.open(lake);
    try {
      const encoding = encodingFor(FLEET, DEFAULT_PARAMS, new Map([['model', ['model1']]]));
      const data = await loadDataset(session, { encoding, classes: labelsOf(FLEET), from: day('2015-01-10'), to: day('2015-01-11'), horizonSeconds: 48 * 3600, labelCutoff: day('2015-01-11'), keep: 'all' });
      const [models] = await readLake(lake, `SELECT count(*) FILTER (WHERE model = 'model1') AS ones, count(*) AS n FROM gold_features WHERE ts >= TIMESTAMP '2015-01-10' AND ts < TIMESTAMP '2015-01-11'`);
      const oneHot = data.features[encodedNames(encoding).indexOf('model_is_model1')] as Float64Array;
      expect(data.rows).toBe(models?.n);
      expect(oneHot.reduce((a, b) => a + b, 0)).toBe(models?.ones);
      expect(Array.from(oneHot).every((v) => v === 0 || v === 1)).toBe(true);
    } finally {
      session.close();
    }
  });

  it('refuses more features per split than the model has, before reading the data', async () => {
    const tooMany = { ...forest, maxFeatures: 1000 };
    const attempt = withWriter(lake, (s) => trainModel(s, FLEET, { name: 'wide', from: day('2015-01-01'), to: day('2015-02-15'), testTo: day('2015-03-01'), forest: tooMany }));
    await expect(attempt).rejects.toThrow(/--max-features 1000: the model has \d+ features/);
    await expect(attempt).rejects.toBeInstanceOf(InputError);
  });

  it('registers immutable versions and moves an alias between them', async () => {
    const second = await train();
    expect(second.model.meta.version).toBe(2);
    await withWriter(lake, (s) => promoteModel(s, parseModelRef('pdm@1'), 'production'));
    await withWriter(lake, (s) => promoteModel(s, parseModelRef('pdm@2'), 'production'));
    await withWriter(lake, (s) => promoteModel(s, parseModelRef('pdm@1'), 'staging'));
    expect(await readLake(lake, `SELECT version, aliases FROM models WHERE name = 'pdm' ORDER BY version`)).toEqual([
      { version: 1, aliases: 'staging' },
      { version: 2, aliases: 'production' },
    ]);
    const reader = await LakeSession.open(lake);
    try {
      expect((await loadModel(reader, parseModelRef('pdm@production'))).meta.version).toBe(2);
      expect((await loadModel(reader, parseModelRef('pdm'))).meta.version).toBe(2);
      await expect(loadModel(reader, parseModelRef('pdm@7'))).rejects.toThrow(/not in the registry/);
    } finally {
      reader.close();
    }
    expect(() => parseModelRef("pdm@1' OR 1=1")).toThrow(InputError);
  });

  it('gives the same model for the same seed and data', async () => {
    const a = await train('same');
    const b = await train('same');
    const bytes = async (v: number) => readFileSync(join(await artifact('same', v), 'forest.bin'));
    expect((await bytes(b.model.meta.version)).equals(await bytes(a.model.meta.version))).toBe(true);
  });

  it('refuses a corrupted model file with an error naming it', async () => {
    await train('broken');
    const dir = await artifact('broken', 1);
    const file = join(dir, 'forest.bin');
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const reader = await LakeSession.open(lake);
    try {
      await expect(loadModel(reader, parseModelRef('broken@1'))).rejects.toThrow(file);
      writeFileSync(join(dir, 'model.json'), '{"format": 1, "name": "broken"}');
      await expect(loadModel(reader, parseModelRef('broken@1'))).rejects.toThrow(/model\.json: invalid model description/);
    } finally {
      reader.close();
    }
  });
});
