import { SOURCE_TABLES, type SourceTable } from '../bronze/sources.js';
import { bronzeTable, declareBronzeTables } from '../bronze/tables.js';
import type { TableEntry } from '../sql/catalog.js';
import { timestampText, type LakeSession } from '../sql/duckdb.js';
import { keyList, rawJson, rawProjection, reasonExpression, silverProjection, typedProjection, valuesTuple } from './expressions.js';
import { BUILD_ORDER, DUPLICATES_COLUMNS, QUARANTINE_COLUMNS, SILVER_BUILDS_COLUMNS, silverColumns, silverTable } from './fields.js';

export interface SilverTableReport {
  table: SourceTable;
  bronzeRows: number;
  silverRows: number;
  exactDuplicates: number;
  conflictingDuplicates: number;
  quarantined: number;
  reasons: Record<string, number>;
}

export interface SilverBuildReport {
  /** undefined when silver was already up to date with bronze and nothing was built. */
  buildId: number | undefined;
  lastLoadId: number;
  tables: SilverTableReport[];
  seconds: number;
}

/** Conservation: every bronze row is in silver, counted as a duplicate, or quarantined. */
export const balances = (t: SilverTableReport): boolean =>
  t.bronzeRows === t.silverRows + t.exactDuplicates + t.conflictingDuplicates + t.quarantined;

/** Makes every silver table queryable, empty until the first build. */
export async function declareSilverTables(session: LakeSession): Promise<void> {
  for (const table of SOURCE_TABLES) await session.ensureTable(silverTable(table), silverColumns(table));
  await session.ensureTable('silver_quarantine', QUARANTINE_COLUMNS);
  await session.ensureTable('silver_duplicates', DUPLICATES_COLUMNS);
  await session.ensureTable('silver_builds', SILVER_BUILDS_COLUMNS);
}

async function lastLoadId(session: LakeSession): Promise<number> {
  const [row] = await session.queryFile('silver', 'last_load.sql');
  return Number(row?.last_load_id ?? 0);
}

async function upToDate(session: LakeSession, loadId: number): Promise<boolean> {
  const [row] = await session.queryFile('silver', 'last_build.sql');
  return row?.last_load_id !== null && row?.last_load_id !== undefined && Number(row.last_load_id) === loadId;
}

/** Checks, de-duplicates and writes one table; its rejects join the build's quarantine and duplicates. */
async function buildTable(session: LakeSession, table: SourceTable, out: string): Promise<SilverTableReport> {
  await session.runFile('silver', 'check.sql', {}, {
    raw: rawProjection(table),
    typed: typedProjection(table),
    reason: reasonExpression(table),
    bronze: bronzeTable(table),
  });
  await session.runFile('silver', 'rank.sql', {}, { values: valuesTuple(table), key: keyList(table) });
  await session.runFile('silver', 'write_table.sql', { out }, { columns: silverProjection(table), key: keyList(table) });
  if (table === 'machines') await session.runFile('silver', 'known_machines.sql');
  await session.runFile('silver', 'collect_rejects.sql', { source_table: table }, { raw_json: rawJson(table) });
  const [counts] = await session.queryFile('silver', 'table_counts.sql');
  return {
    table,
    bronzeRows: Number(counts?.bronze_rows),
    silverRows: Number(counts?.silver_rows),
    exactDuplicates: Number(counts?.exact_duplicates),
    conflictingDuplicates: Number(counts?.conflicting_duplicates),
    quarantined: Number(counts?.quarantined),
    reasons: JSON.parse(String(counts?.reasons ?? '{}')) as Record<string, number>,
  };
}

/**
 * Rebuilds every silver table from all of bronze and publishes them in one commit, so readers
 * see the old silver or the new one, never a mix. Skips the work when no load arrived since the
 * last build, unless forced.
 */
export async function buildSilver(session: LakeSession, options: { force: boolean }): Promise<SilverBuildReport> {
  const started = new Date();
  await declareBronzeTables(session);
  await declareSilverTables(session);
  const loadId = await lastLoadId(session);
  if (!options.force && (await upToDate(session, loadId))) {
    return { buildId: undefined, lastLoadId: loadId, tables: [], seconds: (Date.now() - started.getTime()) / 1000 };
  }
  const buildId = (session.catalog.counters.silver_build ?? 0) + 1;
  const dir = `silver/build-${String(buildId).padStart(6, '0')}`;
  await session.runFile('silver', 'prepare.sql');
  const tables: Record<string, TableEntry> = {};
  const reports: SilverTableReport[] = [];
  for (const table of BUILD_ORDER) {
    const file = `${dir}/${table}.parquet`;
    reports.push(await buildTable(session, table, session.dataFile(file)));
    tables[silverTable(table)] = { files: [file], columns: silverColumns(table) };
  }
  await session.runFile('silver', 'write_rejects.sql', {
    quarantine_out: session.dataFile(`${dir}/quarantine.parquet`),
    duplicates_out: session.dataFile(`${dir}/duplicates.parquet`),
  });
  tables.silver_quarantine = { files: [`${dir}/quarantine.parquet`], columns: QUARANTINE_COLUMNS };
  tables.silver_duplicates = { files: [`${dir}/duplicates.parquet`], columns: DUPLICATES_COLUMNS };
  const finished = new Date();
  for (const report of reports) {
    await session.runFile('silver', 'add_build_row.sql', {
      build_id: buildId,
      table_name: report.table,
      bronze_rows: report.bronzeRows,
      silver_rows: report.silverRows,
      exact_duplicates: report.exactDuplicates,
      conflicting_duplicates: report.conflictingDuplicates,
      quarantined: report.quarantined,
      last_load_id: loadId,
      started_at: timestampText(started),
      finished_at: timestampText(finished),
    });
  }
  const buildsFile = `${dir}/silver_builds.parquet`;
  await session.runFile('silver', 'record_build.sql', { out: session.dataFile(buildsFile) });
  tables.silver_builds = { files: [buildsFile], columns: SILVER_BUILDS_COLUMNS };
  await session.commit({ tables, counters: { silver_build: buildId } });
  return { buildId, lastLoadId: loadId, tables: reports, seconds: (Date.now() - started.getTime()) / 1000 };
}
