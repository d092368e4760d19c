import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../bronze/ingest.js';
import type { Manifest } from '../bronze/simulate/manifest.js';
import { simulate } from '../bronze/simulate/simulate.js';
import { SOURCE_TABLES, type SourceTable } from '../bronze/simulate/shape.js';
import { balances, buildSilver, type SilverBuildReport } from '../silver/build.js';
import { FLEET, readLake, tempDir, withWriter } from './helpers.js';

/**
 * The simulator's manifest says exactly which bad rows and duplicates it injected; silver must
 * catch every one with the right reason, count every duplicate, and keep the clean rows.
 */
const FORMATS = ['csv', 'csv.gz', 'parquet'] as const;
let dir: ReturnType<typeof tempDir>;
const built: Record<string, { manifest: Manifest; report: SilverBuildReport; lake: string }> = {};

beforeAll(async () => {
  dir = tempDir();
  for (const format of FORMATS) {
    const out = join(dir.path, format);
    await simulate({ machines: 20, from: '2015-01-01', days: 30, seed: 4, format, dirty: 0.02, out });
    const lake = join(dir.path, `lake-${format}`);
    const report = await withWriter(lake, async (s) => {
      const loaded = await ingest(s, FLEET, [out]);
      expect(loaded.outcomes.map((o) => o.status)).toEqual(['loaded', 'loaded', 'loaded', 'loaded', 'loaded']);
      return buildSilver(s, FLEET, { force: false });
    });
    built[format] = { manifest: JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest, report, lake };
  }
});
afterAll(() => dir.remove());

describe.each(FORMATS)('a dirty simulated set (%s)', (format) => {
  it('quarantines every injected bad row with its reason', async () => {
    const { manifest, lake } = built[format] as (typeof built)[string];
    const rows = await readLake(lake, `SELECT source_table, reason, count(*) AS n FROM silver_quarantine GROUP BY ALL`);
    const found = Object.fromEntries(rows.map((r) => [`${r.source_table}:${r.reason}`, r.n]));
    const injected = Object.fromEntries(
      SOURCE_TABLES.flatMap((t) => Object.entries(manifest.tables[t].quarantine).filter(([, n]) => n > 0).map(([reason, n]) => [`${t}:${reason}`, n])),
    );
    expect(Object.keys(injected).length).toBeGreaterThanOrEqual(20);
    expect(found).toEqual(injected);
  });

  it('counts every exact and conflicting duplicate and keeps the later copy of a conflict', async () => {
    const { manifest, report, lake } = built[format] as (typeof built)[string];
    for (const t of report.tables) {
      expect({ table: t.table, exact: t.exactDuplicates, conflict: t.conflictingDuplicates, silver: t.silverRows }).toEqual({
        table: t.table,
        exact: manifest.tables[t.table as SourceTable].exact_duplicates,
        conflict: manifest.tables[t.table as SourceTable].conflicting_duplicates,
        silver: manifest.tables[t.table as SourceTable].clean_rows,
      });
    }
    const kept = await readLake(lake, `SELECT count(*) AS n FROM silver_duplicates d WHERE kind = 'conflict' AND (d.kept_load_id, d.kept_row_number) <= (d._load_id, d._row_number)`);
    expect(kept).toEqual([{ n: 0 }]);
  });

  it('accounts for every bronze row: silver + duplicates + quarantined', async () => {
    const { manifest, report } = built[format] as (typeof built)[string];
    expect(report.tables.every(balances)).toBe(true);
    for (const t of report.tables) expect(t.bronzeRows).toBe(manifest.tables[t.table as SourceTable].rows_written);
  });
});
