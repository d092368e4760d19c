import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../bronze/simulate/simulate.js';
import { goldColumns, type FeatureParams } from '../../gold/params.js';
import { DEFAULT_PARAMS, FLEET, PUBLIC_DATA, eachTestInTempLake, hourParams, readLake, type TempDir } from '../helpers.js';
import { buildAndRead, differences, lakeWithSilver, writeCsv } from './fixtures.js';
import { referenceGold } from './reference.js';

let dir: TempDir;
let lake: string;
eachTestInTempLake((d, l) => {
  dir = d;
  lake = l;
});

const HOUR = 3_600_000;
const at = (iso: string): Date => new Date(iso.replace(' ', 'T') + 'Z');
const text = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');

/** A small deterministic generator for readings, so fixtures need no data files. */
function readings(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function telemetryRows(machine: number, from: string, hours: number, skip: (h: number) => boolean, seed: number): string[] {
  const next = readings(seed);
  const rows: string[] = [];
  for (let h = 0; h < hours; h++) {
    if (skip(h)) continue;
    const ts = text(new Date(at(from).getTime() + h * HOUR));
    rows.push(`${ts},${machine},${(160 + 20 * next()).toFixed(6)},${(400 + 90 * next()).toFixed(6)},${(90 + 20 * next()).toFixed(6)},${(35 + 10 * next()).toFixed(6)}`);
  }
  return rows;
}

/**
 * The hand-built case: telemetry gaps (one leaving a single reading in a window), a machine with
 * no maintenance, two failures in the same hour, a failure exactly at ts + horizon of a grid
 * point, alarms exactly on the 24 h window edge, a replacement exactly at a grid point, and
 * grid points near the label cutoff.
 */
function handBuiltFiles(): string[] {
  const d = dir.path;
  return [
    writeCsv(d, 'machines.csv', 'machineID,model,age', ['1,model1,5', '2,model2,10', '3,model3,0']),
    writeCsv(d, 'telemetry.csv', 'datetime,machineID,volt,rotate,pressure,vibration', [
      // machine 1: 2015-01-01 06:00 for 9 days; a 40 h gap, and a lone reading inside a second gap
      ...telemetryRows(1, '2015-01-01 06:00:00', 216, (h) => (h >= 70 && h < 110) || (h >= 130 && h < 160 && h !== 141), 1),
      ...telemetryRows(2, '2015-01-02 00:00:00', 145, () => false, 2),
      ...telemetryRows(3, '2015-01-03 07:00:00', 30, (h) => h % 3 === 1, 3),
    ]),
    writeCsv(d, 'errors.csv', 'datetime,machineID,errorID', [
      '2015-01-03 00:00:00,1,error1',
      '2015-01-03 01:00:00,1,error1',
      '2015-01-03 12:00:00,1,error4',
      '2015-01-05 11:00:00,2,error2',
      '2015-01-05 11:00:00,2,error3',
      '2015-01-05 12:00:00,2,error5',
    ]),
    writeCsv(d, 'maint.csv', 'datetime,machineID,comp', [
      '2014-12-01 06:00:00,1,comp1',
      '2015-01-03 12:00:00,1,comp2',
      '2015-01-06 06:00:00,1,comp1',
      '2015-01-06 06:00:00,1,comp3',
      '2014-07-15 06:00:00,3,comp4',
    ]),
    writeCsv(d, 'failures.csv', 'datetime,machineID,failure', [
      '2015-01-06 06:00:00,1,comp3',
      '2015-01-06 06:00:00,1,comp2',
      '2015-01-05 12:00:00,2,comp1',
      '2015-01-07 06:00:00,2,comp4',
    ]),
  ];
}

async function expectMatchesReference(options: { params: FeatureParams; from?: Date; to?: Date; labelCutoff?: Date; reset?: boolean }): Promise<number> {
  const built = await buildAndRead(lake, { fleet: FLEET, reset: options.reset ?? false, ...options });
  const hours = (seconds: number): number => seconds / 3600;
  const expected = referenceGold(built.silver, {
    from: built.from,
    to: built.to,
    stepHours: hours(options.params.step.seconds),
    windowsHours: options.params.windows.map((w) => hours(w.seconds)),
    horizonHours: hours(options.params.horizon.seconds),
    labelCutoff: built.labelCutoff,
  });
  const columns = goldColumns(FLEET, options.params).map(([name]) => name);
  expect(differences(built.gold, expected, columns)).toEqual([]);
  return built.gold.length;
}

describe('gold against the reference implementation', () => {
  it('matches every column of every row on the hand-built edge cases', async () => {
    await lakeWithSilver(lake, handBuiltFiles());
    const rows = await expectMatchesReference({
      params: DEFAULT_PARAMS,
      from: at('2015-01-01 00:00:00'),
      to: at('2015-01-10 00:00:00'),
      labelCutoff: at('2015-01-08 00:00:00'),
    });
    expect(rows).toBeGreaterThan(30);
    const labels = await readLake(lake, `SELECT machine_id, ts, label FROM gold_features WHERE machine_id IN (1, 2) ORDER BY machine_id, ts`);
    const labelAt = (m: number, iso: string) => labels.find((r) => r.machine_id === m && (r.ts as Date).getTime() === at(iso).getTime())?.label;
    expect(labelAt(1, '2015-01-05 00:00:00')).toBe('comp2'); // two failures in one hour: lowest component
    expect(labelAt(2, '2015-01-03 12:00:00')).toBe('comp1'); // failure exactly at ts + horizon counts
    expect(labelAt(2, '2015-01-05 12:00:00')).toBe('comp4'); // failure exactly at ts does not
    expect(labelAt(2, '2015-01-06 00:00:00')).toBe('comp4');
    expect(labelAt(2, '2015-01-06 12:00:00')).toBe('comp4'); // ts + horizon past the cutoff, but the failure (01-07 06:00) is before it: known
    expect(labelAt(2, '2015-01-07 12:00:00')).toBeNull(); // ts + horizon past the cutoff, no failure up to it: unknown, not none
    expect(labelAt(1, '2015-01-01 12:00:00')).toBe('none');
    const [noMaint] = await readLake(lake, `SELECT count(*) AS n FROM gold_features WHERE machine_id = 2 AND comp1_days_since_replacement IS NOT NULL`);
    expect(noMaint?.n).toBe(0);
    const window = await readLake(
      lake,
      `SELECT ts, volt_mean_12h IS NULL AS empty, volt_std_12h IS NULL AS no_std FROM gold_features
       WHERE machine_id = 1 AND ts IN (TIMESTAMP '2015-01-05 12:00:00', TIMESTAMP '2015-01-07 12:00:00') ORDER BY ts`,
    );
    expect(window.map((r) => [r.empty, r.no_std])).toEqual([
      [true, true], // inside the 40 h gap: no reading in the window
      [false, true], // a lone reading: a mean, no standard deviation
    ]);
  });

  it('matches with other parameters: 6 h steps, 6 and 18 h windows, a 24 h horizon', async () => {
    await lakeWithSilver(lake, handBuiltFiles());
    await expectMatchesReference({ params: hourParams({ stepHours: 6, windowsHours: [6, 18], horizonHours: 24 }) });
  });

  it('matches on a simulated fleet of 10 machines x 60 days', async () => {
    const out = join(dir.path, 'sim');
    await simulate({ machines: 10, from: '2015-01-01', days: 60, seed: 11, format: 'csv', dirty: 0, out });
    await lakeWithSilver(lake, [out]);
    const rows = await expectMatchesReference({ params: DEFAULT_PARAMS });
    // simulated telemetry starts at 00:00: grid points 00:00 and 12:00 of each of the 60 days
    expect(rows).toBe(10 * 120);
  });
});

describe('gold on the public data', () => {
  it('has one row per machine and grid point, and failure labels where the failures file says', async () => {
    await lakeWithSilver(lake, [PUBLIC_DATA]);
    const rows = await expectMatchesReference({ params: DEFAULT_PARAMS, from: at('2015-01-01 00:00:00'), to: at('2015-04-01 00:00:00') });
    // telemetry runs 2015-01-01 06:00 .. 2015-04-01 05:00: grid points 2015-01-01 12:00 .. 2015-03-31 12:00
    expect(rows).toBe(20 * 179);
    const mismatched = await readLake(
      lake,
      `WITH expected AS (
         SELECT g.machine_id, g.ts,
                coalesce((SELECT min(f.failure) FROM silver_failures f
                           WHERE f.machine_id = g.machine_id
                             AND f.ts = (SELECT min(f2.ts) FROM silver_failures f2
                                         WHERE f2.machine_id = g.machine_id AND f2.ts > g.ts AND f2.ts <= g.ts + INTERVAL 48 HOUR)), 'none') AS label
         FROM gold_features g)
       SELECT count(*) AS n FROM gold_features g JOIN expected e USING (machine_id, ts) WHERE g.label IS DISTINCT FROM e.label`,
    );
    expect(mismatched).toEqual([{ n: 0 }]);
    const [failures] = await readLake(
      lake,
      `SELECT count(*) AS n FROM silver_failures WHERE machine_id <= 20 AND ts > TIMESTAMP '2015-01-01 12:00:00' AND ts <= TIMESTAMP '2015-04-01 00:00:00'`,
    );
    const [labelled] = await readLake(lake, `SELECT count(DISTINCT (machine_id, ts)) AS n FROM gold_features WHERE label <> 'none'`);
    expect(Number(failures?.n)).toBeGreaterThan(20);
    expect(Number(labelled?.n)).toBeGreaterThanOrEqual(Number(failures?.n) * 3);
  });
});
