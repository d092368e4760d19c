import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Random, Stream } from '../bronze/simulate/random.js';
import { dayOf } from './harness.js';

/**
 * A simulated fleet of daily snapshots, shaped like a disk-drive SMART export: one gzip CSV per
 * day with one row per asset, text serial numbers, a few sensors, columns the fleet does not use,
 * a model carried by every reading, and failures as a flag on an asset's last reading, after
 * which its slot reports a new serial. Seeded: the same options give the same bytes.
 */
export interface DailyFleetOptions {
  assets: number;
  days: number;
  /** The first day, YYYY-MM-DD (UTC). */
  from: string;
  seed: number;
  out: string;
}

/** Mean days from a drive's start to its failure: about 13 failures a day per 20,000 assets. */
const MEAN_LIFE_DAYS = 1500;
/** The days before a failure in which a drive's readings drift (heat, reallocated sectors). */
const WARNING_DAYS = 10;
const HEADER = 'date,serial_number,model,capacity_bytes,failure,smart_1_raw,smart_5_raw,smart_9_raw,smart_12_raw,smart_194_raw,smart_197_raw';
const MODELS = [
  { name: 'ST4000DM000', prefix: 'Z3', capacity: '4000787030016' },
  { name: 'ST12000NM0008', prefix: 'ZJ', capacity: '12000138625024' },
  { name: 'HGST HMS5C4040BLE640', prefix: 'PL', capacity: '4000787030016' },
  { name: 'TOSHIBA MG07ACA14TA', prefix: 'X0', capacity: '14000519643136' },
] as const;

interface Drive {
  serial: string;
  model: (typeof MODELS)[number];
  /** Day index of its failure: its last reading carries failure = 1. */
  failsOn: number;
  powerOnHours: number;
  powerCycles: number;
  baseTemp: number;
  reallocated: number;
  pending: number;
}

/** The fleet definition for these files: the bench writes it beside them. */
export const DAILY_FLEET_DEFINITION = `# bench/daily-fleet.ts: daily SMART-like snapshots, one file a day
asset_id: text
sensors:
  temp: { min: 0, max: 120 }
  reallocated:
  pending:
  read_errors:
  power_on_hours:
attributes:
  model: { kind: categorical }
features:
  step: 1d
  windows: [3d, 7d, 14d]
  aggregates: [mean, max, slope]
label:
  horizon: 7d
sources:
  drives:
    files: "drives-*"
    holds: readings
    asset: serial_number
    time: { column: date, format: "%Y-%m-%d" }
    sensors: { temp: smart_194_raw, reallocated: smart_5_raw, pending: smart_197_raw, read_errors: smart_1_raw, power_on_hours: smart_9_raw }
    attributes: [model]
    failure_flag: failure
`;

export const dailyFileName = (day: string): string => `drives-${day}.csv.gz`;

/** Draws every slot's drives from its own stream, so a slot's drives do not depend on the fleet's size. */
class Slot {
  private readonly random: Random;
  private drive: Drive;
  private installed = 0;

  constructor(private readonly index: number, seed: number) {
    this.random = Random.forStream(seed, index, Stream.fleet);
    this.drive = this.newDrive(0, true);
  }

  private newDrive(day: number, initial: boolean): Drive {
    const model = this.random.pick(MODELS);
    this.installed += 1;
    return {
      serial: `${model.prefix}${String(this.index).padStart(6, '0')}${String(this.installed).padStart(2, '0')}`,
      model,
      failsOn: day + 1 + Math.floor(this.random.exponential(MEAN_LIFE_DAYS)),
      powerOnHours: initial ? this.random.int(40_000) : 0,
      powerCycles: initial ? this.random.int(40) : 0,
      baseTemp: 24 + this.random.int(12),
      reallocated: initial && this.random.chance(0.05) ? this.random.int(8) : 0,
      pending: 0,
    };
  }

  /** The slot's reading of one day; a drive that failed the day before is replaced first. */
  reading(day: number, date: string): string {
    if (this.drive.failsOn < day) this.drive = this.newDrive(day, false);
    const d = this.drive;
    const toFailure = d.failsOn - day;
    const warning = toFailure < WARNING_DAYS ? WARNING_DAYS - toFailure : 0;
    if (warning > 0 && this.random.chance(0.6)) d.reallocated += 1 + this.random.int(4 * warning);
    d.pending = warning > 0 ? this.random.int(2 * warning + 1) : this.random.chance(0.01) ? 1 : 0;
    d.powerOnHours += 24;
    if (this.random.chance(0.02)) d.powerCycles += 1;
    const temp = d.baseTemp + this.random.int(4) + Math.round(warning * 1.5);
    const readErrors = 100_000_000 + this.random.int(140_000_000);
    return [date, d.serial, d.model.name, d.model.capacity, toFailure === 0 ? '1' : '0', readErrors, d.reallocated, d.powerOnHours, d.powerCycles, temp, d.pending].join(',');
  }
}

/** Writes one file per day into `out`; returns their paths, oldest day first. */
export function writeDailyFleet(options: DailyFleetOptions): string[] {
  mkdirSync(options.out, { recursive: true });
  const slots = Array.from({ length: options.assets }, (_, i) => new Slot(i, options.seed));
  const files: string[] = [];
  for (let day = 0; day < options.days; day++) {
    const date = dayOf(options.from, day);
    const lines = [HEADER, ...slots.map((slot) => slot.reading(day, date))];
    const path = join(options.out, dailyFileName(date));
    writeFileSync(path, gzipSync(lines.join('\n') + '\n', { level: 6 }));
    files.push(path);
  }
  return files;
}
