import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random, Stream } from '../../bronze/simulate/random.js';
import { simulate } from '../../bronze/simulate/simulate.js';
import { builtInFleet, parseFleet } from '../../fleet/load.js';
import type { Fleet } from '../../fleet/fleet.js';

/**
 * Generated fleets for the nightly-equals-bulk property: each is a definition and the files a
 * night would bring, each file tagged with the night it belongs to. The shapes carry what makes
 * an incremental refresh subtle: gaps longer than the horizon, assets that appear late or stop,
 * failures from a flag or a failures source, alarms and replacements, cycle counters, parked
 * rows of an asset the asset table names only later, dirty rows and duplicates.
 */
export interface DataFile {
  name: string;
  header: string;
  lines: string[];
  night: number;
}

export interface Shape {
  name: string;
  fleet: Fleet;
  files: DataFile[];
}

/** Seeded numbers in [0, 1), from the simulator's generator, so every shape is the same on every run. */
function random(seed: number): () => number {
  const stream = Random.forStream(seed, 0, Stream.dirt);
  return () => stream.next();
}

const DAILY_FLEET = `
asset_id: text
sensors:
  s1:
  s2:
  s3: { optional: true }
attributes:
  model: { kind: categorical }
  capacity: { kind: numeric }
features:
  step: 1d
  windows: [3d, 7d]
  aggregates: [mean, std, min, max, last, slope]
label:
  horizon: 5d
sources:
  drives:
    files: "drives-*"
    holds: readings
    asset: serial_number
    time: { column: date, format: "%Y-%m-%d" }
    sensors: [s1, s2, s3]
    attributes: { model: model, capacity: capacity_bytes }
    failure_flag: failure
`;

const day = (start: Date, n: number): string => new Date(start.getTime() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Daily snapshots of drives, one file a day across a month boundary: one drive is silent for
 * longer than the horizon and comes back, one appears late, one stops for good, failing drives
 * carry the flag on their last reading and are replaced by a new serial the next day.
 */
export function dailySnapshots(seed: number): Shape {
  const rng = random(seed);
  const start = new Date('2024-01-24T00:00:00Z');
  const days = 16;
  const lines: string[][] = Array.from({ length: days }, () => []);
  let serial = 0;
  const addDrive = (from: number, to: number, fails: boolean, silent: [number, number] | undefined): void => {
    const id = `SN ${String(++serial).padStart(3, '0')}`;
    const model = serial % 3 === 0 ? 'HGST H7' : `ST${4000 + (serial % 2) * 4000}`;
    const capacity = serial % 3 === 0 ? 4e12 : 8e12;
    let level = 30 + rng() * 10;
    for (let d = from; d < to; d++) {
      level += (rng() - 0.5) * 2 + (fails && to - d < 5 ? 3 : 0);
      if (silent && d >= silent[0] && d < silent[1]) continue;
      const s3 = rng() < 0.2 ? '' : (rng() * 5).toFixed(2);
      const flag = fails && d === to - 1 ? 1 : 0;
      lines[d]?.push(`${day(start, d)},${id},${model},${capacity},${level.toFixed(3)},${(rng() * 100).toFixed(1)},${s3},${flag},n${Math.floor(rng() * 9)}`);
    }
  };
  addDrive(0, days, false, [2, 10]);
  addDrive(6, days, false, undefined);
  addDrive(0, 9, false, undefined);
  addDrive(0, days, true, undefined);
  for (let i = 0; i < 6; i++) {
    const end = 5 + Math.floor(rng() * (days - 5));
    const fails = i % 2 === 0;
    addDrive(0, end, fails, undefined);
    if (fails && end < days) addDrive(end, days, false, undefined);
  }
  const header = 'date,serial_number,model,capacity_bytes,s1,s2,s3,failure,note';
  const files = lines.map((dayLines, d) => ({ name: `drives-${day(start, d)}.csv`, header, lines: dayLines, night: d }));
  return { name: 'daily snapshots', fleet: parseFleet(DAILY_FLEET, 'daily.yaml'), files: [...files, ...corrections(files, header)] };
}

/**
 * Flagged readings delivered again two nights later with the flag cleared and a value changed (a
 * conflicting duplicate that takes a failure away): the first flag of the feed, and the last,
 * whose failure was the newest event, so that the label cutoff moves back.
 */
function corrections(files: DataFile[], header: string): DataFile[] {
  const flagged = files.flatMap((file) => file.lines.filter((line) => line.split(',')[7] === '1').map((line) => ({ file, line })));
  return [flagged[0], flagged[flagged.length - 1]].flatMap((found, i) => {
    if (!found) return [];
    const fields = found.line.split(',');
    fields[7] = '0';
    fields[4] = String(Number(fields[4]) + 1);
    return [{ name: found.file.name.replace('.csv', `-fix${i}.csv`), header, lines: [fields.join(',')], night: found.file.night + 2 }];
  });
}

const CYCLE_FLEET = `
asset_id: text
sensors:
  t1:
  t2:
features:
  step: 1d
  windows: [5d, 10d]
  aggregates: [mean, slope, last]
label:
  horizon: 10d
sources:
  cycles:
    files: "cycles-*"
    holds: readings
    csv: { delimiter: whitespace, header: false, columns: [unit, cycle, t1, t2] }
    asset: { column: unit, prefix: "u-" }
    time: { column: cycle, counter: { origin: 2000-01-01, unit: 1d } }
    sensors: [t1, t2]
  ends:
    files: "ends-*"
    holds: failures
    csv: { header: false, columns: [unit, cycle] }
    asset: { column: unit, prefix: "u-" }
    time: { column: cycle, counter: { origin: 2000-01-01, unit: 1d } }
`;

/**
 * Run-to-failure units counted in cycles over two to three months, a block of cycles a night; a
 * unit's end arrives with its last block; one unit starts late.
 */
export function cycleCounters(seed: number): Shape {
  const rng = random(seed);
  const block = 6;
  const lives = Array.from({ length: 7 }, () => 40 + Math.floor(rng() * 30));
  const nights = Math.ceil(Math.max(...lives) / block);
  const files: DataFile[] = [];
  for (let night = 0; night < nights; night++) {
    const readings: string[] = [];
    const ends: string[] = [];
    lives.forEach((life, u) => {
      // the last unit has no attributes to give it away, and its first blocks arrive late, once gold exists
      const held = u === lives.length - 1 && night < 2;
      const from = u === lives.length - 1 && night === 2 ? 1 : night * block + 1;
      if (held) return;
      for (let cycle = from; cycle <= Math.min(life, (night + 1) * block); cycle++) {
        readings.push(`${u + 1}  ${cycle}  ${(500 + cycle * (1 + u / 10) + rng() * 4).toFixed(2)}\t${(rng() * 3).toFixed(3)}`);
        if (cycle === life) ends.push(`${u + 1},${cycle}`);
      }
    });
    const n = String(night).padStart(2, '0');
    files.push({ name: `cycles-${n}.txt`, header: '', lines: readings, night });
    if (ends.length > 0) files.push({ name: `ends-${n}.csv`, header: '', lines: ends, night });
  }
  return { name: 'cycle counters', fleet: parseFleet(CYCLE_FLEET, 'cycles.yaml'), files };
}

const NIGHT_DAYS = 2;

/**
 * The built-in fleet's hourly readings with alarms, maintenance, failures and dirty rows, two
 * days a night: machine 2 is silent for eight days, machine 3's first days arrive in the last
 * night (a late file for an old month), and machine 5's asset row arrives on night 4, so its
 * rows wait in quarantine until then.
 */
export async function hourlyReadings(seed: number, dir: string): Promise<Shape> {
  const from = new Date('2015-01-21T00:00:00Z');
  const days = 16;
  await simulate({ machines: 5, from: from.toISOString().slice(0, 10), days, seed, format: 'csv', dirty: 0.02, out: dir });
  const nights = days / NIGHT_DAYS;
  const nightOf = (line: string): number => {
    const time = Date.parse(`${line.slice(0, 19).replace(' ', 'T')}Z`);
    return Number.isNaN(time) ? 0 : Math.min(nights - 1, Math.max(0, Math.floor((time - from.getTime()) / (NIGHT_DAYS * 86_400_000))));
  };
  const files: DataFile[] = [];
  for (const table of ['telemetry', 'errors', 'maint', 'failures']) {
    const [header, ...lines] = readFileSync(join(dir, `${table}.csv`), 'utf8').trimEnd().split('\n');
    const machine = (line: string): string => line.split(',')[1] ?? '';
    const byNight: string[][] = Array.from({ length: nights }, () => []);
    for (const line of lines) {
      const night = nightOf(line);
      if (table === 'telemetry' && machine(line) === '2' && night >= 2 && night < 6) continue;
      byNight[table === 'telemetry' && machine(line) === '3' && night < 2 ? nights - 1 : night]?.push(line);
    }
    byNight.forEach((nightLines, night) => {
      if (nightLines.length > 0) files.push({ name: `${table}-${String(night).padStart(2, '0')}.csv`, header: header as string, lines: nightLines, night });
    });
  }
  const [header, ...machines] = readFileSync(join(dir, 'machines.csv'), 'utf8').trimEnd().split('\n');
  files.push({ name: 'machines-a.csv', header: header as string, lines: machines.filter((l) => !l.startsWith('5,')), night: 0 });
  files.push({ name: 'machines-b.csv', header: header as string, lines: machines.filter((l) => l.startsWith('5,')), night: 4 });
  return { name: 'hourly readings', fleet: builtInFleet(), files };
}

/**
 * The nights files arrive in: each on its own night, or with `late` some a night or two later;
 * one file (chosen by the seed) is split, its second half arriving a night after the first.
 */
export function arrivalNights(files: DataFile[], seed: number, late: boolean): DataFile[][] {
  const rng = random(seed);
  const splitAt = Math.floor(rng() * files.length);
  const arrivals: DataFile[] = files.flatMap((file, i) => {
    const delay = late && rng() < 0.3 ? 1 + Math.floor(rng() * 2) : 0;
    const moved = { ...file, night: file.night + delay };
    if (i !== splitAt || file.lines.length < 2) return [moved];
    const half = Math.ceil(file.lines.length / 2);
    const part = (n: 1 | 2, lines: string[], night: number): DataFile => ({ ...file, name: file.name.replace(/(\.\w+)$/, `-part${n}$1`), lines, night });
    return [part(1, file.lines.slice(0, half), moved.night), part(2, file.lines.slice(half), moved.night + 1)];
  });
  const last = Math.max(...arrivals.map((f) => f.night));
  return Array.from({ length: last + 1 }, (_, night) => arrivals.filter((f) => f.night === night).sort((a, b) => (a.name < b.name ? -1 : 1)));
}

export const fileText = (file: DataFile): string => [...(file.header ? [file.header] : []), ...file.lines].join('\n') + '\n';

const FLAGGED_WITH_ASSETS_FLEET = `
asset_id: integer
sensors:
  volt:
attributes:
  model: { kind: categorical, values: [m1, m2] }
features: { step: 1d, windows: [2d], aggregates: [mean] }
label: { horizon: 2d }
sources:
  telemetry: { files: "tele*", holds: readings, asset: machineID, time: datetime, sensors: [volt], failure_flag: failed }
  failures: { files: "fail*", holds: failures, asset: machineID, time: datetime }
  machines: { files: "mach*", holds: attributes, asset: machineID, attributes: [model] }
`;

/**
 * Failures from a flag and from a failures source beside an asset table: a failure of a machine
 * the asset table never names waits in quarantine, and a machine joins on a later night (its
 * parked rows are checked again while the failures table is built whole).
 */
export function flaggedWithAssetTable(): Shape {
  const tele = (m: number, days: number[], failsOn?: number): string[] =>
    days.map((d) => `2024-01-${String(d).padStart(2, '0')} 00:00:00,${m},${200 + d},${d === failsOn ? 1 : 0}`);
  const file = (name: string, header: string, lines: string[], night: number): DataFile => ({ name, header, lines, night });
  return {
    name: 'flags beside an asset table',
    fleet: parseFleet(FLAGGED_WITH_ASSETS_FLEET, 'flagged-assets.yaml'),
    files: [
      file('mach-1.csv', 'machineID,model', ['1,m1'], 0),
      file('tele-1.csv', 'datetime,machineID,volt,failed', tele(1, [1, 2, 3, 4]), 0),
      file('fail-1.csv', 'datetime,machineID', ['2024-01-03 00:00:00,1', '2024-01-03 00:00:00,9'], 0),
      file('mach-2.csv', 'machineID,model', ['2,m2'], 1),
      file('tele-2.csv', 'datetime,machineID,volt,failed', [...tele(1, [5, 6], 6), ...tele(2, [5, 6])], 1),
      file('tele-3.csv', 'datetime,machineID,volt,failed', [...tele(1, [7, 8]), ...tele(2, [7, 8])], 2),
    ],
  };
}
