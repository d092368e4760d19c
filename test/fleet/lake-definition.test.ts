import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { simulate } from '../../bronze/simulate/simulate.js';
import { BUILT_IN_FLEET_FILE } from '../../fleet/load.js';
import { catalogVersions } from '../../sql/catalog.js';
import { eachTestInTempLake, readLake, runCli, type TempDir } from '../helpers.js';

/**
 * The lake keeps the definition it is built under. Forgetting --fleet uses it; a different one
 * given any way is refused until `fleet apply` adopts it; `fleet check` needs no lake.
 */
let dir: TempDir;
let lake: string;
let sim: string;
eachTestInTempLake((d, l) => {
  dir = d;
  lake = l;
});

const BUILT_IN = readFileSync(BUILT_IN_FLEET_FILE, 'utf8');
/** The built-in shape with a longer horizon and a plausible range for one sensor. */
const CHANGED = BUILT_IN.replace(/^ {2}volt:.*$/m, '  volt: { min: 160, max: 400 }').replace('horizon: 48h', 'horizon: 72h');

function writeIn(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Runs the binary in `cwd` (where a ./lakescore.yaml may be). */
const lakescore = (args: string[], cwd = dir.path): ReturnType<typeof runCli> => runCli(['--lake', lake, ...args], { LAKESCORE_FLEET: '' }, cwd);

beforeEach(async () => {
  sim = join(dir.path, 'sim');
  await simulate({ machines: 3, from: '2015-01-01', days: 12, seed: 5, format: 'csv', dirty: 0, out: sim });
});

describe("the lake's fleet definition", () => {
  it('is the one a new lake was first written with, and is used when none is given', async () => {
    const custom = writeIn(join(dir.path, 'defs', 'custom.yaml'), CHANGED);
    expect(lakescore(['--fleet', custom, 'ingest', sim]).code).toBe(0);
    const built = lakescore(['build', 'all']);
    expect(built.code, built.stderr).toBe(0);
    const [gold] = await readLake(lake, 'SELECT any_value(horizon_hours) AS h FROM gold_builds');
    expect(gold?.h).toBe(72);
    const shown = lakescore(['fleet', 'show']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(CHANGED);
    expect(shown.stderr).toMatch(/^# version 1, adopted .* from .*custom\.yaml$/m);
  });

  it('is not recorded by a command that fails, nor by a first ingest whose every file is rejected', () => {
    expect(lakescore(['ingest', join(dir.path, 'nowhere')]).code).toBe(2);
    const stray = writeIn(join(dir.path, 'stray', 'telemetry.csv'), 'a,b\n1,2\n');
    expect(lakescore(['ingest', stray]).code).toBe(2);
    const shown = lakescore(['fleet', 'show']);
    expect(shown.code).toBe(2);
    expect(shown.stderr).toMatch(/no recorded fleet definition yet/);
    const custom = writeIn(join(dir.path, 'custom.yaml'), CHANGED);
    expect(lakescore(['--fleet', custom, 'ingest', sim]).code).toBe(0);
    expect(lakescore(['fleet', 'show']).stdout).toBe(CHANGED);
  });

  it('refuses a different definition given by --fleet or ./lakescore.yaml, naming what differs, and changes nothing', () => {
    expect(lakescore(['ingest', sim]).code).toBe(0);
    expect(lakescore(['build', 'all']).code).toBe(0);
    const before = catalogVersions(lake).length;
    const other = writeIn(join(dir.path, 'other.yaml'), CHANGED);
    const byFlag = lakescore(['--fleet', other, 'build', 'all']);
    expect(byFlag.code).toBe(2);
    expect(byFlag.stderr).toMatch(/other\.yaml is not the lake's fleet definition \(version 1, from the built-in definition\): sensors: ~volt; features: horizon 48h -> 72h\. Adopt it with `lakescore fleet apply /);
    expect(byFlag.stderr.trim().split('\n')).toHaveLength(1);
    const work = join(dir.path, 'work');
    writeIn(join(work, 'lakescore.yaml'), CHANGED);
    for (const args of [['run', '--inbox', sim], ['sql', 'SELECT 1']]) {
      const byFile = lakescore(args, work);
      expect(byFile.code).toBe(2);
      expect(byFile.stderr).toMatch(/lakescore\.yaml is not the lake's fleet definition/);
    }
    expect(catalogVersions(lake).length).toBe(before);
  });

  it('fleet apply adopts a definition as one commit, says what must be rebuilt, and the next night rebuilds it', async () => {
    expect(lakescore(['ingest', sim]).code).toBe(0);
    expect(lakescore(['build', 'all']).code).toBe(0);
    const file = writeIn(join(dir.path, 'next.yaml'), CHANGED);
    const before = catalogVersions(lake).length;
    const applied = lakescore(['fleet', 'apply', file]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("the lake's fleet definition is now version 2 (was 1)");
    expect(applied.stdout).toContain('features: horizon 48h -> 72h');
    expect(applied.stdout).toMatch(/silver is rebuilt in full, and gold with it, by the next `lakescore run`/);
    expect(catalogVersions(lake).length).toBe(before + 1);
    expect(lakescore(['fleet', 'apply', file]).stdout).toContain('nothing changed');
    const night = lakescore(['run', '--inbox', sim]);
    expect(night.code, night.stderr).toBe(0);
    const [gold] = await readLake(lake, 'SELECT arg_max(horizon_hours, build_id) AS h FROM gold_builds');
    expect(gold?.h).toBe(72);
    const [quarantined] = await readLake(lake, "SELECT count(*) AS n FROM silver_quarantine WHERE reason = 'reading_out_of_range'");
    expect(Number(quarantined?.n)).toBeGreaterThan(0);
    expect(lakescore(['--fleet', file, 'sql', 'SELECT 1']).code).toBe(0);
    // going back works whatever ./lakescore.yaml says
    const work = join(dir.path, 'work');
    writeIn(join(work, 'lakescore.yaml'), CHANGED);
    expect(lakescore(['restore', '--version', String(before)], work).code).toBe(0);
    expect(lakescore(['fleet', 'show']).stdout).toBe(BUILT_IN);
  });

  it('fleet check validates a definition and tries sample files without a lake', () => {
    const file = writeIn(join(dir.path, 'check.yaml'), CHANGED);
    const ok = lakescore(['fleet', 'check', file, sim]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/valid: 5 source\(s\)/);
    expect(ok.stdout).toMatch(/silver +telemetry: \d+ of \d+ rows kept, 0 duplicate\(s\), \d+ quarantined \(\d+ reading_out_of_range\)/);
    const stray = writeIn(join(dir.path, 'stray', 'notes.csv'), 'a,b\n1,2\n');
    const bad = lakescore(['fleet', 'check', file, stray]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/rejected .*notes\.csv/);
    const invalid = lakescore(['fleet', 'check', writeIn(join(dir.path, 'bad.yaml'), 'asset_id: number\n')]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/bad\.yaml: asset_id/);
    expect(catalogVersions(lake)).toEqual([]);
  });
});
