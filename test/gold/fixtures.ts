import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../../bronze/ingest.js';
import { buildGold, type GoldBuildOptions } from '../../gold/build.js';
import { goldColumns } from '../../gold/params.js';
import { buildSilver } from '../../silver/build.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { FLEET, withWriter } from '../helpers.js';
import type { GoldRow, SilverData } from './reference.js';

/** Loads source files into a lake and builds silver. */
export async function lakeWithSilver(lake: string, paths: string[]): Promise<void> {
  await withWriter(lake, async (s) => {
    const result = await ingest(s, FLEET, paths);
    const rejected = result.outcomes.filter((o) => o.status === 'rejected');
    if (rejected.length) throw new Error(rejected.map((o) => o.message).join('; '));
    await buildSilver(s, FLEET, { force: false });
  });
}

export function writeCsv(dir: string, name: string, header: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [header, ...rows].join('\n') + '\n');
  return path;
}

export async function readSilver(session: LakeSession): Promise<SilverData> {
  const rows = (sql: string) => session.query(sql);
  return {
    telemetry: (await rows('SELECT machine_id, ts, volt, rotate, pressure, vibration FROM silver_telemetry')) as SilverData['telemetry'],
    errors: (await rows('SELECT machine_id, ts, error_id FROM silver_errors')) as SilverData['errors'],
    maint: (await rows('SELECT machine_id, ts, comp FROM silver_maint')) as SilverData['maint'],
    failures: (await rows('SELECT machine_id, ts, failure FROM silver_failures')) as SilverData['failures'],
    machines: (await rows('SELECT machine_id, model, age FROM silver_machines')) as SilverData['machines'],
  };
}

/** Builds gold and returns it with the silver it was built from, both read in the same session. */
export async function buildAndRead(lake: string, options: GoldBuildOptions): Promise<{ gold: GoldRow[]; silver: SilverData; labelCutoff: Date; from: Date; to: Date }> {
  return withWriter(lake, async (s) => {
    const report = await buildGold(s, options);
    const names = goldColumns(options.fleet, options.params).map(([name]) => name);
    const gold = (await s.query(`SELECT ${names.join(', ')} FROM gold_features ORDER BY machine_id, ts`)) as GoldRow[];
    return { gold, silver: await readSilver(s), labelCutoff: report.labelCutoff, from: report.from, to: report.to };
  });
}

const TOLERANCE = 1e-9;

/** Every column of every row: numbers within 1e-9, everything else exactly. Returns the differences. */
export function differences(actual: GoldRow[], expected: GoldRow[], columns: string[]): string[] {
  const out: string[] = [];
  if (actual.length !== expected.length) out.push(`row count ${actual.length} != ${expected.length}`);
  const n = Math.min(actual.length, expected.length);
  for (let i = 0; i < n && out.length < 20; i++) {
    const a = actual[i] as GoldRow;
    const e = expected[i] as GoldRow;
    for (const c of columns) {
      const x = a[c] ?? null;
      const y = e[c] ?? null;
      const same =
        typeof x === 'number' && typeof y === 'number'
          ? Math.abs(x - y) <= TOLERANCE
          : x instanceof Date && y instanceof Date
            ? x.getTime() === y.getTime()
            : x === y;
      if (!same) out.push(`row ${i} (machine ${String(e.machine_id)}, ${(e.ts as Date).toISOString()}) ${c}: gold ${String(x)} != reference ${String(y)}`);
    }
  }
  return out;
}
