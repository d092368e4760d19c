import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_FOREST_PARAMS, type ForestParams } from '../ml/forest/index.js';
import type { ValidationSplit } from '../ml/train-ranges.js';
import { packageRoot } from '../sql/paths.js';
import { RARE_FLEET, rareDay, rareFleet, writeRareDays } from '../test/rare-fleet.js';
import { benchRoot, CLI, measure, simulatedFleet } from './harness.js';

/**
 * The lakes bench/oob-threshold.ts trains on, built once under the bench directory and reused
 * (a lake counts as built once its marker is written), with the training each one is given.
 */

export interface Scenario {
  name: string;
  lake: string;
  from: Date;
  to: Date;
  testTo: Date;
  validate: ValidationSplit;
  forest: ForestParams;
}

const day = (text: string): Date => new Date(`${text}T00:00:00Z`);
const threads = 2;

/** `build` makes the lake at `lake` (which does not exist yet) unless an earlier run finished it. */
function builtOnce(name: string, build: (lake: string, dir: string) => void): string {
  const dir = join(benchRoot(), 'oob', name);
  const lake = join(dir, 'lake');
  const marker = join(dir, 'built');
  if (existsSync(marker)) return lake;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  build(lake, dir);
  writeFileSync(marker, new Date().toISOString());
  return lake;
}

const lakescore = (lake: string, args: string[]): void => void measure([CLI, '--lake', lake, ...args]);

/** The demo's fleet: 100 simulated machines over 2015, trained on January-September. */
export function demoFleet(): Scenario {
  const lake = builtOnce('demo', (lake) => {
    lakescore(lake, ['ingest', simulatedFleet(benchRoot(), 100, 365)]);
    lakescore(lake, ['build', 'all']);
  });
  return { name: 'demo', lake, from: day('2015-01-01'), to: day('2015-10-01'), testTo: day('2016-01-01'), validate: { kind: 'share', share: 0.25 }, forest: { ...DEFAULT_FOREST_PARAMS, threads } };
}

/**
 * The demo's fleet with six days of history, [2015-09-25, 2015-10-01): no row of its last quarter
 * has its 48 h horizon before the end, so train holds out a quarter of the machines instead.
 */
export const demoDays = (): Scenario => ({ ...demoFleet(), name: 'demo-6d', from: day('2015-09-25') });

/** C-MAPSS FD001 as examples/cmapss/run.sh builds it: training engines in 2000-2001, test engines from 2002. */
export function cmapss(): Scenario {
  const lake = builtOnce('cmapss', (lake) => {
    const run = spawnSync('bash', [join(packageRoot, 'examples', 'cmapss', 'run.sh'), lake], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status !== 0) throw new Error(`examples/cmapss/run.sh failed: ${run.stderr}`);
  });
  return {
    name: 'cmapss', lake, from: day('2000-01-01'), to: day('2002-01-01'), testTo: day('2004-01-01'), validate: { kind: 'assets', share: 0.25 },
    forest: { ...DEFAULT_FOREST_PARAMS, trees: 200, maxDepth: 10, seed: 42, threads },
  };
}

/** test/rare-fleet.ts's drives, 1 in 12 failing: trained on days 0-109, tested on 110-139. */
export function rareDrives(): Scenario {
  const fleet = rareFleet(1200, 150, 3);
  const lake = builtOnce('rare', (lake, dir) => {
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    const definition = join(dir, 'drives.yaml');
    writeFileSync(definition, RARE_FLEET);
    lakescore(lake, ['--fleet', definition, 'ingest', writeRareDays(fleet, inbox, 0, fleet.days, 3)]);
    lakescore(lake, ['--fleet', definition, 'build', 'all']);
  });
  return { name: 'rare', lake, from: day(rareDay(0)), to: day(rareDay(110)), testTo: day(rareDay(140)), validate: { kind: 'share', share: 0.25 }, forest: { ...DEFAULT_FOREST_PARAMS, minSamplesLeaf: 40, threads } };
}

/** The drives with 16 days of history, days 94-109: as demoDays, too short to split by time (a 5-day horizon). */
export const rareDays = (): Scenario => ({ ...rareDrives(), name: 'rare-16d', from: day(rareDay(94)) });
