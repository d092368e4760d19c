import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../bronze/simulate/simulate.js';
import { goldColumns } from '../../gold/params.js';
import { DEFAULT_PARAMS, FLEET, tempDir } from '../helpers.js';
import { buildAndRead, differences, lakeWithSilver } from './fixtures.js';
import type { GoldRow } from './reference.js';

/**
 * No feature may look into the future: rebuilding gold after changing every silver row later than
 * T (readings, new alarms, new replacements, new failures) must leave the features of every row
 * at or before T exactly as they were. Labels are left out: failures within the horizon feed them.
 */

const SIM = { machines: 5, from: '2015-01-01', days: 20, seed: 5, format: 'csv' as const, dirty: 0 };
const CUTS = ['2015-01-05 12:00:00', '2015-01-10 00:00:00', '2015-01-15 07:00:00'];
const FILES = ['telemetry', 'errors', 'maint', 'failures', 'machines'];
const FEATURES = goldColumns(FLEET, DEFAULT_PARAMS)
  .map(([name]) => name)
  .filter((name) => name !== 'label');

let dir: ReturnType<typeof tempDir>;
let baseline: GoldRow[];

function hourAfter(cut: string, hours: number): string {
  return new Date(new Date(cut.replace(' ', 'T') + 'Z').getTime() + hours * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Copies the simulated files, changing or adding rows only after `cut`. */
function perturbAfter(source: string, target: string, cut: string): void {
  mkdirSync(target, { recursive: true });
  for (const table of FILES) {
    const [header, ...rows] = readFileSync(join(source, `${table}.csv`), 'utf8').trimEnd().split('\n');
    const later = (row: string) => row.slice(0, 19) > cut;
    let out = rows;
    if (table === 'telemetry') {
      out = rows.map((row) => {
        if (!later(row)) return row;
        const [ts, id, ...values] = row.split(',');
        return [ts, id, ...values.map((v) => (Number(v) * 1.5 + 7).toFixed(6))].join(',');
      });
    }
    const machines = Array.from({ length: SIM.machines }, (_, i) => i + 1);
    if (table === 'errors') out = [...rows, ...machines.flatMap((m) => ['error1', 'error3', 'error5'].map((e, i) => `${hourAfter(cut, 1 + i * 5)},${m},${e}`))];
    if (table === 'maint') out = [...rows, ...machines.map((m) => `${hourAfter(cut, 1)},${m},comp${(m % 4) + 1}`)];
    if (table === 'failures') out = [...rows, ...machines.map((m) => `${hourAfter(cut, 2)},${m},comp${(m % 4) + 1}`)];
    writeFileSync(join(target, `${table}.csv`), [header, ...out].join('\n') + '\n');
  }
}

const atOrBefore = (rows: GoldRow[], cut: string) => rows.filter((r) => (r.ts as Date).getTime() <= new Date(cut.replace(' ', 'T') + 'Z').getTime());
const after = (rows: GoldRow[], cut: string) => rows.filter((r) => (r.ts as Date).getTime() > new Date(cut.replace(' ', 'T') + 'Z').getTime());

beforeAll(async () => {
  dir = tempDir();
  await simulate({ ...SIM, out: join(dir.path, 'base') });
  await lakeWithSilver(join(dir.path, 'lake-base'), [join(dir.path, 'base')]);
  baseline = (await buildAndRead(join(dir.path, 'lake-base'), { fleet: FLEET, params: DEFAULT_PARAMS, reset: false })).gold;
});
afterAll(() => dir.remove());

describe('gold leakage', () => {
  it.each(CUTS)('changing silver after %s changes no feature at or before it', async (cut) => {
    const files = join(dir.path, `cut-${cut.replace(/\D/g, '')}`);
    perturbAfter(join(dir.path, 'base'), files, cut);
    const lake = join(dir.path, `lake-${cut.replace(/\D/g, '')}`);
    await lakeWithSilver(lake, [files]);
    const changed = (await buildAndRead(lake, { fleet: FLEET, params: DEFAULT_PARAMS, reset: false })).gold;
    expect(changed).toHaveLength(baseline.length);
    expect(differences(atOrBefore(changed, cut), atOrBefore(baseline, cut), FEATURES)).toEqual([]);
    // the perturbation is real: rows after the cut do change
    expect(differences(after(changed, cut), after(baseline, cut), FEATURES).length).toBeGreaterThan(0);
  });
});
