import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FOREST_PARAMS } from '../ml/forest/index.js';
import { trainModel } from '../ml/train.js';
import { readCatalog } from '../sql/catalog.js';
import { restoreVersion } from '../sql/restore.js';
import { builtLake, FLEET, readLake, tempDir, withWriter } from './helpers.js';

/**
 * A model version, like every id, is never handed out twice: a restore to before a training and
 * a new training give the next version, so `pdm@1` names one model for ever (or, restored away,
 * none), never another one.
 */
let dir: ReturnType<typeof tempDir>;
let lake: string;
const day = (s: string): Date => new Date(`${s}T00:00:00Z`);
const forest = { ...DEFAULT_FOREST_PARAMS, trees: 3, threads: 1 };
const train = (name: string): Promise<number> =>
  withWriter(lake, async (s) => (await trainModel(s, FLEET, { name, from: day('2015-01-01'), to: day('2015-02-01'), testTo: day('2015-02-10'), forest })).model.meta.version);
const restore = (version: number): Promise<unknown> => withWriter(lake, (s) => restoreVersion(s, version));
const newest = (): number => readCatalog(lake).version;
const registry = (): Promise<unknown[]> => readLake(lake, `SELECT name, version, artifact_path FROM models ORDER BY name, version`);

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  await builtLake(lake, join(dir.path, 'sim'), { machines: 6, days: 45, seed: 11 });
});
afterAll(() => dir.remove());

describe('model versions', () => {
  it('are never reused after a restore undid them, and an old version keeps naming its own model', async () => {
    const beforeTraining = newest();
    expect(await train('pdm')).toBe(1);
    const [first] = await registry();
    const withFirst = newest();

    await restore(beforeTraining);
    expect(await registry()).toEqual([]);
    expect(await train('pdm')).toBe(2);
    const [second] = await registry();
    expect(second).toMatchObject({ name: 'pdm', version: 2 });

    // back to the version that had pdm@1: it is the first model still, and the next is pdm@3
    await restore(withFirst);
    expect(await registry()).toEqual([first]);
    expect(await train('pdm')).toBe(3);
    expect(await registry()).toEqual([first, expect.objectContaining({ name: 'pdm', version: 3 })]);
  });

  it('are counted per name, and names that differ only in - and _ count apart', async () => {
    expect(await train('a-b')).toBe(1);
    expect(await train('a_hb')).toBe(1);
    expect(await train('a-b')).toBe(2);
    expect(Object.keys(readCatalog(lake).counters).filter((c) => c.startsWith('model_version_')).sort()).toEqual([
      'model_version_a__hb',
      'model_version_a_hb',
      'model_version_pdm',
    ]);
  });
});
