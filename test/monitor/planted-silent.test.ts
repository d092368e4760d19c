import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../sql/paths.js';
import { tempDir, type TempDir } from '../helpers.js';
import { nightlyLake, plantedFeed, type Night } from './planted-feed.js';

/**
 * Issue 19: a sensor that goes silent on half the fleet shows as drift of its features' missing
 * share. The fleet definition declares pressure optional, so silver keeps the rows with it NULL
 * (under the built-in definition it would quarantine them); thirty machines, pressure silent on
 * fifteen from day 35, nights one day at a time before and after.
 */
const D = 35;
const FLEET = { machines: 30, days: 42, seed: 4 };
const isPressure = (name: string): boolean => name.startsWith('pressure_');

let dir: TempDir;
let before: Night[];
let after: Night[];

beforeAll(async () => {
  dir = tempDir();
  const definition = readFileSync(join(packageRoot, 'fleet', 'default.yaml'), 'utf8');
  const optional = definition.replace(/^ {2}pressure:.*$/m, '  pressure: { optional: true }');
  if (optional === definition) throw new Error('fleet/default.yaml no longer lists pressure as expected');
  const fleetFile = join(dir.path, 'optional-pressure.yaml');
  writeFileSync(fleetFile, optional);
  const feed = await plantedFeed(join(dir.path, 'sim'), FLEET, [`silent:sensor=pressure,day=${D},share=0.5`]);
  const nightly = await nightlyLake(dir.path, feed, { firstNight: 32, trainTo: 24, fleetArgs: ['--fleet', fleetFile] });
  before = await nightly.nights(32, D);
  after = await nightly.nights(D, D + 4);
});
afterAll(() => dir.remove());

describe('a planted silent sensor', () => {
  it('is not named by the nights before it', () => {
    expect(before.flatMap((n) => n.drifted.filter(isPressure))).toEqual([]);
  });

  it("names the sensor's features by their missing share within three nights, failing those nights with exit code 3", () => {
    // A window's aggregate is missing only once the whole window is silent (the 12 h one from
    // D 12:00, the 36 h one from D+1 12:00), and a night of 60 rows is judged with the days
    // before it up to 200 rows: half the fleet's rows newly missing reach the 0.2 threshold
    // on the third night for the 12 h window, a night later for the 36 h one.
    const first = after.findIndex((n) => n.drifted.some(isPressure));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThanOrEqual(2);
    for (const n of after.slice(first)) {
      expect(n.code, n.stderr).toBe(3);
      expect(n.stderr).toMatch(/pressure_mean_24h \([^)]*missing \d+% \(was 0%\)/);
    }
    expect(after.at(-1)?.drifted).toEqual(expect.arrayContaining(['pressure_mean_12h', 'pressure_mean_24h', 'pressure_mean_36h']));
  });
});
