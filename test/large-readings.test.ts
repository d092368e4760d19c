import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { LARGEST_READING } from '../bronze/quarantine.js';
import { BUILT_IN_FLEET_FILE } from '../fleet/load.js';
import { readLake, runCli, tempDir, type TempDir } from './helpers.js';

/**
 * A finite reading whose square overflows a double used to pass silver and then fail every gold
 * build (`STDDEV_SAMP is out of range`), and so every night. Silver now quarantines it, and the
 * largest readings it keeps aggregate without overflowing.
 */

let dir: TempDir;
let data: string;
let lake: string;
let built: ReturnType<typeof runCli>;

const HOURS = 72;
const hourText = (h: number): string => new Date(Date.UTC(2015, 0, 1) + h * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/** Machine 1 normal but for two readings too large; machine 2 swinging between the largest kept values. */
function telemetryLines(): string[] {
  const lines = ['datetime,machineID,volt,rotate,pressure,vibration'];
  for (let h = 0; h < HOURS; h++) {
    const volt = h === 30 ? '1e200' : '170.5';
    const rotate = h === 40 ? String(-2 * LARGEST_READING) : '450';
    lines.push(`${hourText(h)},1,${volt},${rotate},100,40`);
    lines.push(`${hourText(h)},2,${h % 2 === 0 ? LARGEST_READING : -LARGEST_READING},450,100,40`);
  }
  return lines;
}

beforeAll(() => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  data = join(dir.path, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'telemetry.csv'), telemetryLines().join('\n') + '\n');
  writeFileSync(join(data, 'machines.csv'), 'machineID,model,age\n1,model1,3\n2,model2,5\n');
  expect(runCli(['--lake', lake, 'ingest', data]).code).toBe(0);
  built = runCli(['--lake', lake, 'build', 'all']);
});
afterAll(() => dir.remove());

describe('readings too large to aggregate', () => {
  it('are quarantined as reading_too_large, and gold builds', async () => {
    expect(built.stderr).not.toMatch(/out of range|error/i);
    expect(built.code).toBe(0);
    const quarantined = await readLake(lake, `SELECT reason, json_extract_string(raw_values, '$.datetime') AS reading_time FROM silver_quarantine ORDER BY reading_time`);
    expect(quarantined).toEqual([
      { reason: 'reading_too_large', reading_time: hourText(30) },
      { reason: 'reading_too_large', reading_time: hourText(40) },
    ]);
    const [kept] = await readLake(lake, `SELECT count(*) AS n FROM silver_telemetry`);
    expect(kept?.n).toBe(2 * HOURS - 2);
  });

  it('keeps readings of the largest magnitude, whose mean and standard deviation come out finite', async () => {
    const [row] = await readLake(
      lake,
      `SELECT count(*) AS n, bool_and(isfinite(volt_std_36h)) AS finite, max(volt_std_36h) AS std, max(abs(volt_mean_36h)) AS mean
       FROM gold_features WHERE machine_id = 2 AND volt_std_36h IS NOT NULL`,
    );
    expect(Number(row?.n)).toBeGreaterThan(3);
    expect(row?.finite).toBe(true);
    // readings alternating +B, -B: a sample standard deviation just above B
    expect(Number(row?.std) / LARGEST_READING).toBeCloseTo(1, 1);
    expect(Number(row?.mean)).toBeLessThanOrEqual(LARGEST_READING);
  });
});

describe('a sensor with a declared range', () => {
  it('quarantines what is outside it as reading_out_of_range first, whatever its size; a range past 2^63 is read as declared', async () => {
    const ranged = join(dir.path, 'ranged');
    const fleet = join(dir.path, 'ranged.yaml');
    writeFileSync(fleet, readFileSync(BUILT_IN_FLEET_FILE, 'utf8').replace(/^ {2}volt:.*$/m, '  volt: { min: -1e20, max: 1e20 }'));
    expect(runCli(['--lake', ranged, '--fleet', fleet, 'ingest', data]).code).toBe(0);
    const silver = runCli(['--lake', ranged, 'build', 'silver']);
    expect(silver.code, silver.stderr).toBe(0);
    const reasons = await readLake(ranged, `SELECT reason, count(*) AS n FROM silver_quarantine GROUP BY reason ORDER BY reason`);
    // machine 2's volt of +-1e150 and machine 1's 1e200 are outside the range; machine 1's rotate has none
    expect(reasons).toEqual([
      { reason: 'reading_out_of_range', n: HOURS + 1 },
      { reason: 'reading_too_large', n: 1 },
    ]);
  });
});
