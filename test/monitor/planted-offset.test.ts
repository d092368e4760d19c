import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_FLEET_FILE } from '../../fleet/load.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorReport } from '../../ml/monitor/monitor-range.js';
import { tempDir, type TempDir } from '../helpers.js';
import { day, nightlyLake, plantedFeed, type Night, type NightlyLake } from './planted-feed.js';

/**
 * Issue 19: the nightly drift check finds a sensor offset the simulator planted. Thirty machines'
 * volt reads 3 sd higher from day 35; a champion trained on the first three weeks scores the
 * nights one day at a time, five before the change and four after it. Three weeks cover no
 * replacement cycle, so the days since replacement move on past anything training saw, which the
 * check truly reports (docs/monitoring.md#chance); the definition leaves them out with
 * `drift: ignore:`, as such a fleet's would, so that a false flag of anything else shows.
 */
const D = 35;
const FLEET = { machines: 30, days: 45, seed: 3 };
const VOLT_MEANS = ['volt_mean_12h', 'volt_mean_24h', 'volt_mean_36h'];
const isVolt = (name: string): boolean => name.startsWith('volt_');
const otherSensor = (name: string): boolean => /^(rotate|pressure|vibration)_/.test(name);

let dir: TempDir;
let nightly: NightlyLake;
let before: Night[];
let after: Night[];

beforeAll(async () => {
  dir = tempDir();
  const fleetFile = join(dir.path, 'lakescore.yaml');
  writeFileSync(fleetFile, `${readFileSync(BUILT_IN_FLEET_FILE, 'utf8')}\ndrift:\n  ignore: ['*_days_since_replacement']\n`);
  const feed = await plantedFeed(join(dir.path, 'sim'), FLEET, [`offset:sensor=volt,sd=3,day=${D}`]);
  nightly = await nightlyLake(dir.path, feed, { firstNight: 30, trainTo: 22, fleetArgs: ['--fleet', fleetFile] });
  before = await nightly.nights(30, D);
  after = await nightly.nights(D, D + 4);
});
afterAll(() => dir.remove());

async function flagged(from: number, to: number): Promise<string[]> {
  const out = await nightly.lakescore(['monitor', '--format', 'json', '--period', 'month', '--from', day(from), '--to', day(to)]);
  const report = JSON.parse(out.stdout) as MonitorReport;
  return report.drift.flatMap((v) => v.periods.filter((p) => p.group === null && p.level === 'drifted').map((p) => p.feature));
}

describe('a planted sensor offset', () => {
  it('is not named by the nights before it', () => {
    expect(before.map((n) => n.drifted.filter(isVolt))).toEqual(before.map(() => []));
  });

  it('passes --fail-on-drift on the nights before it (no false flag on the unchanged fleet)', () => {
    expect(before.map((n) => [n.code, n.drifted])).toEqual(before.map(() => [0, []]));
  });

  it("names the sensor's features within two nights of the change, fails those nights with exit code 3, and names no other sensor", () => {
    const first = after.findIndex((n) => n.drifted.some(isVolt));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThanOrEqual(1);
    for (const n of after.slice(first)) {
      expect(n.code, n.stderr).toBe(3);
      expect(n.stderr).toMatch(/lakescore: drift from training in .*volt_mean_/);
    }
    // once the borrowed days before the change have aged out, every window's mean is flagged
    expect(after.at(-1)?.drifted).toEqual(expect.arrayContaining(VOLT_MEANS));
    expect(after.flatMap((n) => n.drifted.filter(otherSensor))).toEqual([]);
  });

  it('shows in lakescore monitor for the days after the change, and not the days before', async () => {
    expect(await flagged(D, D + 4)).toEqual(expect.arrayContaining(VOLT_MEANS));
    expect((await flagged(30, D)).filter(isVolt)).toEqual([]);
  });
});
