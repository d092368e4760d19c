import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A generated disk-drive fleet where failures are rare (about 0.3% of rows lie within a horizon
 * of one) and announce themselves weakly: a drive warms a little in its last days, within the
 * noise of healthy drives. A forest then rarely puts a failure above 50%, so the argmax never
 * alerts; a threshold chosen on validation data must. Failed drives stop reporting.
 */

export const RARE_FLEET = `
asset_id: text
sensors:
  temp: {}
  errors: {}
features:
  step: 1d
  windows: [3d, 7d]
  aggregates: [mean, max]
label: { horizon: 5d }
sources:
  drives:
    files: "drives-*"
    holds: readings
    asset: serial
    time: { column: date, format: "%Y-%m-%d" }
    sensors: { temp: temp, errors: errors }
    failure_flag: failed
`;

export const RARE_START = Date.UTC(2022, 0, 1);
export const rareDay = (d: number): string => new Date(RARE_START + d * 86_400_000).toISOString().slice(0, 10);

export interface RareFleet {
  drives: number;
  days: number;
  /** Drive index -> the day it fails. */
  failsOn: Map<number, number>;
}

/** mulberry32: small, seeded, the same numbers on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const normal = (next: () => number): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());

export function rareFleet(drives: number, days: number, seed: number): RareFleet {
  const next = random(seed);
  const failsOn = new Map<number, number>();
  // one drive in twelve fails, on a uniform day after the first month: with a 5-day horizon,
  // about 0.3% of the rows are failing ones
  for (let i = 0; i < drives; i++) if (next() < 0.08) failsOn.set(i, 30 + Math.floor(next() * (days - 30)));
  return { drives, days, failsOn };
}

const serial = (i: number): string => `DR-${String(i).padStart(5, '0')}`;

/** The daily export of days [from, to) as one CSV file in `dir`; returns its path. */
export function writeRareDays(fleet: RareFleet, dir: string, from: number, to: number, seed: number): string {
  const next = random(seed * 7919 + from);
  const lines = ['date,serial,temp,errors,failed'];
  for (let i = 0; i < fleet.drives; i++) {
    const fails = fleet.failsOn.get(i);
    for (let d = from; d < Math.min(to, fails === undefined ? fleet.days : fails + 1); d++) {
      const left = fails === undefined ? Infinity : fails - d;
      const warming = left < 8 ? (8 - left) * 0.5 : 0;
      const temp = 35 + 3 * normal(next) + warming;
      const errors = Math.max(0, Math.round(normal(next) + (left < 4 ? 1 : 0)));
      lines.push(`${rareDay(d)},${serial(i)},${temp.toFixed(2)},${errors},${d === fails ? 1 : 0}`);
    }
  }
  const path = join(dir, `drives-${rareDay(from)}.csv`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}
