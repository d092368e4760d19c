import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../bronze/ingest.js';
import { simulate } from '../bronze/simulate/simulate.js';
import { buildSilver } from '../silver/build.js';
import { catalogVersions } from '../sql/catalog.js';
import { FLEET, eachTestInTempLake, readLake, runCli, type TempDir, withWriter } from './helpers.js';

let dir: TempDir;
let lake: string;
eachTestInTempLake((d, l) => {
  dir = d;
  lake = l;
});

/**
 * A silver whose counts do not add up is never published, in any path that builds it. The fault
 * is planted where an incremental build starts from: the published silver_telemetry names its
 * file twice, so every kept row counts double.
 */
async function lakeWithDoubledSilver(): Promise<string> {
  const sim = join(dir.path, 'sim');
  await simulate({ machines: 3, from: '2015-01-01', days: 20, seed: 4, format: 'csv', dirty: 0, out: sim });
  await withWriter(lake, async (session) => {
    await ingest(session, FLEET, [sim]);
    await buildSilver(session, FLEET, { force: false });
    const entry = session.catalog.tables.silver_telemetry;
    if (!entry) throw new Error('no silver_telemetry');
    await session.commit({ tables: { silver_telemetry: { ...entry, files: [...entry.files, ...entry.files] } } });
  });
  const inbox = join(dir.path, 'inbox');
  mkdirSync(inbox);
  const [header, first] = readFileSync(join(sim, 'telemetry.csv'), 'utf8').split('\n');
  writeFileSync(join(inbox, 'telemetry-late.csv'), `${header}\n${(first ?? '').replace('2015-01-01', '2015-01-21')}\n`);
  return inbox;
}

describe('silver conservation', () => {
  it('build silver publishes nothing and exits 1 when the counts do not balance', async () => {
    const inbox = await lakeWithDoubledSilver();
    expect(runCli(['--lake', lake, 'ingest', inbox]).code).toBe(0);
    const before = catalogVersions(lake).length;
    const { code, stderr } = runCli(['--lake', lake, 'build', 'silver']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/silver build does not account for every bronze row, nothing was published: telemetry: bronze \d+ != silver \d+/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(catalogVersions(lake).length).toBe(before);
  });

  it('the nightly run refuses the same silver, after its ingest', async () => {
    const inbox = await lakeWithDoubledSilver();
    const { code, stderr } = runCli(['--lake', lake, 'run', '--inbox', inbox]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/nothing was published: telemetry: bronze/);
    // the ingest committed its load; silver, gold and scoring did not
    const [builds] = await readLake(lake, 'SELECT max(build_id) AS silver, (SELECT count(*) FROM gold_builds) AS gold, (SELECT count(*) FROM loads) AS loads FROM silver_builds');
    expect({ silver: Number(builds?.silver), gold: Number(builds?.gold), loads: Number(builds?.loads) }).toEqual({ silver: 1, gold: 0, loads: 6 });
  });
});
