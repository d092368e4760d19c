import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Random, Stream } from '../bronze/simulate/random.js';
import { featuresFor } from '../fleet/draft/features.js';
import { nameShape, patternFor } from '../fleet/draft/groups.js';
import type { DataFile } from '../fleet/draft/files.js';
import type { Fleet } from '../fleet/fleet.js';
import { initFleet } from '../fleet/init.js';
import { parseFleet } from '../fleet/load.js';
import { isSqlName } from '../fleet/names.js';
import { runCli, tempDir, type TempDir } from './helpers.js';

/**
 * `init --from-data` on a folder of daily snapshots, one gzip CSV a day of every disk drive (the
 * shape of a SMART-statistics export): the draft is taken through ingest, build and train unedited.
 */

const DAYS = 40;
const FIRST_DAY = Date.UTC(2021, 2, 1);
const MODELS: [string, number][] = [
  ['ST4000DM000', 4_000_787_030_016],
  ['HGST HMS5C4040ALE640', 4_000_787_030_016],
  ['WDC WD30EFRX', 3_000_592_982_016],
];
const HEADER = 'date,serial_number,model,capacity_bytes,failure,smart_1_normalized,smart_2_raw,smart_3_normalized,smart_5_raw,smart_9_raw,smart_194_raw';
/** The day that is linked into the folder from elsewhere. */
const LINKED_DAY = 17;

interface Drive {
  serial: string;
  model: [string, number];
  /** The day it fails, flagged on its last reading; undefined for a drive that runs on. */
  failsOn: number | undefined;
  hours: number;
}

function drives(count: number, next: () => number): Drive[] {
  return Array.from({ length: count }, (_, i) => ({
    serial: `Z${(0x3a000 + i * 7919).toString(16).toUpperCase()}K`,
    model: MODELS[i % MODELS.length] as [string, number],
    failsOn: i % 6 === 1 ? 8 + Math.floor(next() * (DAYS - 10)) : undefined,
    hours: 1000 + Math.floor(next() * 20_000),
  }));
}

const dayName = (day: number): string => new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);

function reading(drive: Drive, day: number, next: () => number): string {
  const failing = drive.failsOn !== undefined && drive.failsOn - day < 7;
  const reallocated = failing ? 40 * (7 - ((drive.failsOn as number) - day)) + Math.floor(next() * 20) : Math.floor(next() * 2);
  const temperature = 24 + Math.floor(next() * 12) + (failing ? 6 : 0);
  const values = [
    dayName(day), drive.serial, drive.model[0], drive.model[1], day === drive.failsOn ? 1 : 0,
    100 + Math.floor(next() * 20), '', 100, reallocated, drive.hours + 24 * day, temperature,
  ];
  return values.map((v) => (typeof v === 'string' && v.includes(' ') ? `"${v}"` : String(v))).join(',');
}

/** Writes the folder: one file a day, a failed drive gone from the day after its failure. */
function writeDailyFolder(root: string): string {
  const data = join(root, 'drive_stats');
  const elsewhere = join(root, 'elsewhere');
  mkdirSync(data, { recursive: true });
  mkdirSync(elsewhere, { recursive: true });
  const stream = Random.forStream(7, 0, Stream.fleet);
  const next = () => stream.next();
  const fleet = drives(48, next);
  for (let day = 0; day < DAYS; day++) {
    const rows = fleet.filter((d) => d.failsOn === undefined || day <= d.failsOn).map((d) => reading(d, day, next));
    const file = `${dayName(day)}.csv.gz`;
    const bytes = gzipSync(`${HEADER}\n${rows.join('\n')}\n`);
    if (day !== LINKED_DAY) writeFileSync(join(data, file), bytes);
    else {
      writeFileSync(join(elsewhere, file), bytes);
      symlinkSync(join(elsewhere, file), join(data, file));
    }
  }
  return data;
}

let dir: TempDir;
beforeEach(() => {
  dir = tempDir('lakescore-init-daily-');
});
afterEach(() => dir.remove());

const cli = (args: string[]) => {
  const outcome = runCli(args);
  expect(outcome.stderr, args.join(' ')).toBe('');
  expect(outcome.code, `${args.join(' ')}\n${outcome.stdout}`).toBe(0);
  return outcome.stdout;
};

describe('init --from-data on a folder of daily snapshots', () => {
  it('drafts one source with a pattern that ingests, builds and trains unedited', async () => {
    const data = writeDailyFolder(dir.path);
    const out = join(dir.path, 'lakescore.yaml');
    const lake = join(dir.path, 'lake');
    const summary = cli(['init', '--from-data', data, '--out', out]);
    const text = readFileSync(out, 'utf8');
    const fleet: Fleet = parseFleet(text, out);

    expect(fleet.sources).toHaveLength(1);
    const [source] = fleet.sources;
    expect(source?.patterns).toEqual(['????-??-??.csv.gz']);
    expect(source?.name).toBe('readings');
    expect(fleet.sources.every((s) => isSqlName(s.name))).toBe(true);
    expect(source?.asset.column).toBe('serial_number');
    expect(source?.failureFlag?.column).toBe('failure');
    expect(fleet.attributes).toEqual([
      { name: 'model', kind: 'categorical', values: MODELS.map(([model]) => model).sort() },
      { name: 'capacity_bytes', kind: 'numeric' },
    ]);
    expect(source?.attributes).toEqual([['model', 'model'], ['capacity_bytes', 'capacity_bytes']]);
    expect(fleet.sensors.map((s) => s.name)).toEqual(['smart_1_normalized', 'smart_5_raw', 'smart_9_raw', 'smart_194_raw']);
    expect(fleet.features.step.text).toBe('1d');
    expect(fleet.features.windows.map((w) => w.text)).toEqual(['3d', '7d', '14d']);
    expect(summary).toContain(`????-??-??.csv.gz (${DAYS} files) -> source readings`);
    expect(summary).toContain('is a valid fleet definition');
    expect(summary).not.toContain('TODO');
    expect(text).not.toContain('TODO');

    const ingest = cli(['--lake', lake, '--fleet', out, 'ingest', data]);
    expect(ingest.match(/^loaded /gm)).toHaveLength(DAYS);
    const files = cli(['--lake', lake, '--fleet', out, 'sql', 'SELECT DISTINCT _source_file AS file FROM bronze_readings ORDER BY file', '--format', 'csv']);
    expect(files.trim().split('\n').slice(1)).toHaveLength(DAYS);
    expect(files).toContain(`${dayName(LINKED_DAY)}.csv.gz`);
    cli(['--lake', lake, '--fleet', out, 'build', 'all']);
    const trained = cli(['--lake', lake, '--fleet', out, 'train', '--from', '2021-03-01', '--to', '2021-03-27', '--test-to', '2021-04-10', '--trees', '20', '--seed', '1']);
    expect(trained).toMatch(/macro F1/i);
  }, 120_000);
});

describe('daily files, in detail', () => {
  it('finds a flag set only in rows the sample does not reach', async () => {
    const data = join(dir.path, 'data');
    mkdirSync(data);
    // two files of 12,000 rows: the sample takes the first 10,000 of each, the failure is after them
    for (const [day, failAt] of [[1, -1], [2, 11_999]] as const) {
      const rows = Array.from({ length: 12_000 }, (_, i) => `2021-03-0${day},unit${i % 400},${(i * 37) % 101}.5,${i === failAt ? 1 : 0}`);
      writeFileSync(join(data, `plant_2021030${day}.csv`), `day,unit_id,pressure,failed\n${rows.join('\n')}\n`);
    }
    const out = join(dir.path, 'lakescore.yaml');
    await initFleet({ out, force: false, fromData: data });
    const fleet = parseFleet(readFileSync(out, 'utf8'), out);
    expect(fleet.sources.map((s) => [s.name, s.patterns, s.failureFlag?.column])).toEqual([['plant', ['plant_????????.csv'], 'failed']]);
  });

  it('makes a pattern that matches the files of its source and no other', () => {
    const file = (name: string): DataFile => ({ path: `/d/${name}`, relative: name, name, kind: 'text', gzip: false, bytes: 1 });
    const days = ['2021-03-01.csv', '2021-03-02.csv', '2021-04-10.csv'];
    expect(nameShape(days[0] as string)).toBe(nameShape(days[2] as string));
    expect(nameShape('train_FD001.txt')).not.toBe(nameShape('test_FD001.txt'));
    expect(patternFor(days, [file('notes.txt')]).value).toEqual(['????-??-??.csv']);
    expect(patternFor(['log9.csv', 'log10.csv'], []).value).toEqual(['log*.csv']);
    // another file of that form belongs to another source: only the numbers that differ become wildcards
    expect(patternFor(days.slice(0, 2), [file('2020-01-01.csv')]).value).toEqual(['2021-03-??.csv']);
    expect(patternFor(['a1.csv', 'a2.csv'], [file('a3.csv')]).value).toEqual(['a1.csv', 'a2.csv']);
  });

  it('sets step and windows from the cadence: hourly keeps the defaults, daily gets days', () => {
    expect(featuresFor(3600)).toMatchObject({ step: '12h', windows: ['12h', '24h', '36h'], defaults: true });
    expect(featuresFor(600)).toMatchObject({ step: '12h', defaults: true });
    expect(featuresFor(undefined)).toMatchObject({ defaults: true });
    expect(featuresFor(86_400)).toMatchObject({ step: '1d', windows: ['3d', '7d', '14d'], alarmWindow: undefined, horizon: undefined, defaults: false });
    expect(featuresFor(6 * 3600)).toMatchObject({ step: '12h', windows: ['24h', '48h', '84h'] });
    expect(featuresFor(7 * 86_400)).toMatchObject({ step: '7d', windows: ['21d', '49d', '98d'], alarmWindow: '7d', horizon: '14d' });
  });
});
