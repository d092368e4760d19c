import { declareBronzeTables } from '../bronze/tables.js';
import type { Fleet, Source } from '../fleet/fleet.js';
import type { TableEntry } from '../sql/catalog.js';
import { type LakeSession } from '../sql/duckdb.js';
import { LakescoreError } from '../sql/errors.js';
import { identifier, timestampText } from '../sql/text.js';
import { SILVER_TABLES, TABLE_FED_BY, type SilverTable } from './fields.js';
import { deriveFromReadings, derivesFailures, derivesMachines } from './derive.js';
import { machinesFile, previousFiles, type PreviousFiles } from './layout.js';
import { buildTable, type BuildBase, type TableFiles } from './table-build.js';
import { DUPLICATES_COLUMNS, QUARANTINE_COLUMNS, SILVER_BUILDS_COLUMNS, declareSilverTables, silverColumns, silverTable } from './tables.js';

export { declareSilverTables } from './tables.js';

/** One source's balance: every bronze row is in silver, a duplicate, or quarantined. */
export interface SilverTableReport {
  table: string;
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

/**
 * A silver that loses or invents a row must never be published (and then scored every night):
 * the build stops before its commit, naming each source whose counts do not add up.
 */
function refuseUnbalanced(reports: SilverTableReport[]): void {
  const unbalanced = reports.filter((t) => !balances(t));
  if (unbalanced.length === 0) return;
  const counts = unbalanced.map(
    (t) => `${t.table}: bronze ${t.bronzeRows} != silver ${t.silverRows} + exact duplicates ${t.exactDuplicates} + conflicting duplicates ${t.conflictingDuplicates} + quarantined ${t.quarantined}`,
  );
  throw new LakescoreError(`silver build does not account for every bronze row, nothing was published: ${counts.join('; ')}`, 1);
}

async function lastLoadId(session: LakeSession): Promise<number> {
  const [row] = await session.queryFile('silver', 'last_load.sql');
  return Number(row?.last_load_id ?? 0);
}

/** The last build's newest load and fleet definition, if silver was ever built. */
export async function lastSilverBuild(session: LakeSession): Promise<{ lastLoadId: number; fleetHash: string } | undefined> {
  const [row] = await session.queryFile('silver', 'last_build.sql');
  if (row?.last_load_id === null || row?.last_load_id === undefined) return undefined;
  return { lastLoadId: Number(row.last_load_id), fleetHash: String(row.fleet_hash) };
}

/**
 * The order tables are built in: an asset table first (every other table checks its ids against
 * it), readings before the tables derived from them (attributes or failures they carry).
 */
function buildOrder(fleet: Fleet): SilverTable[] {
  return fleet.hasAssetTable ? ['machines', 'telemetry', 'errors', 'maint', 'failures'] : ['telemetry', 'machines', 'errors', 'maint', 'failures'];
}

async function countSource(session: LakeSession, source: Source, table: SilverTable, lastLoad: number): Promise<SilverTableReport> {
  const [counts] = await session.queryFile('silver', 'source_counts.sql', { source_table: source.name, last_load_id: lastLoad }, { next_table: `next_${silverTable(table)}` });
  return {
    table: source.name,
    bronzeRows: Number(counts?.bronze_rows),
    silverRows: Number(counts?.silver_rows),
    exactDuplicates: Number(counts?.exact_duplicates),
    conflictingDuplicates: Number(counts?.conflicting_duplicates),
    quarantined: Number(counts?.quarantined),
    reasons: JSON.parse(String(counts?.reasons ?? '{}')) as Record<string, number>,
  };
}

/** The silver tables after a build: each previous file the build did not replace, and every file it wrote. */
function nextTables(fleet: Fleet, previous: PreviousFiles | undefined, built: Partial<Record<SilverTable, TableFiles>>): Record<string, TableEntry> {
  const tables: Record<string, TableEntry> = {};
  const duplicates: string[] = [];
  const quarantine: string[] = [];
  for (const table of SILVER_TABLES) {
    const files = built[table];
    const kept = (of: (t: SilverTable) => string[]): string[] => (previous && files ? of(table).filter((f) => !files.replaces(f)) : []);
    tables[silverTable(table)] = { files: [...kept((t) => previous?.winners(t) ?? []), ...(files?.winners ?? [])], columns: silverColumns(fleet, table) };
    duplicates.push(...kept((t) => previous?.duplicates(t) ?? []), ...(files?.duplicates ?? []));
    quarantine.push(...kept((t) => previous?.quarantine(t) ?? []), ...(files?.quarantine ?? []));
  }
  tables.silver_duplicates = { files: duplicates, columns: DUPLICATES_COLUMNS };
  tables.silver_quarantine = { files: quarantine, columns: QUARANTINE_COLUMNS };
  return tables;
}

/**
 * Builds silver from the loads that arrived since the last build, merged into the months they
 * touch, and publishes it in one commit, so readers see the old silver or the new one, never a
 * mix. The result is what a full build from all of bronze gives; a full build runs when forced,
 * on the first build, after the fleet definition changed, and on a lake whose silver is laid out
 * or shaped as before. Skips the work when nothing is new.
 */
export async function buildSilver(session: LakeSession, fleet: Fleet, options: { force: boolean }): Promise<SilverBuildReport> {
  const started = new Date();
  await declareBronzeTables(session, fleet);
  await declareSilverTables(session, fleet);
  const loadId = await lastLoadId(session);
  // a forced build reads nothing of the previous silver, so that it can repair a damaged one
  const last = options.force ? undefined : await lastSilverBuild(session);
  const sameFleet = last?.fleetHash === fleet.hash;
  if (sameFleet && last?.lastLoadId === loadId) {
    return { buildId: undefined, lastLoadId: loadId, tables: [], seconds: (Date.now() - started.getTime()) / 1000 };
  }
  const buildId = (session.catalog.counters.silver_build ?? 0) + 1;
  const dir = `silver/build-${String(buildId).padStart(6, '0')}-${session.writerId}`;
  const previous = sameFleet && last ? previousFiles(session.catalog, fleet) : undefined;
  const base: BuildBase = { previous, after: previous && last ? last.lastLoadId : 0, dir };
  const buildColumns = SILVER_BUILDS_COLUMNS.map(([name, type]) => `${identifier(name)} ${type}`).join(', ');
  await session.runFile('silver', 'prepare.sql', {}, { build_columns: buildColumns });
  const built: Partial<Record<SilverTable, TableFiles>> = {};
  for (const table of buildOrder(fleet)) {
    const files = await buildTable(session, fleet, table, base);
    if (files) built[table] = files;
    if (table === 'telemetry' && (derivesFailures(fleet) || derivesMachines(fleet))) {
      await session.viewFiles('next_silver_telemetry', nextTables(fleet, previous, built).silver_telemetry as TableEntry);
      await deriveFromReadings(session, fleet, machinesFile(dir));
    }
    // a machine loaded now admits the rows parked for want of it: they are checked again
    if (table === 'machines' && previous && fleet.hasAssetTable) await session.runFile('silver', 'recheck_parked.sql');
  }
  if (derivesMachines(fleet)) built.machines = { winners: [machinesFile(dir)], duplicates: [], quarantine: [], replaces: () => true };
  const tables = nextTables(fleet, previous, built);
  // the new tables are counted before they are published
  for (const [name, entry] of Object.entries(tables)) await session.viewFiles(`next_${name}`, entry);
  const reports: SilverTableReport[] = [];
  for (const table of buildOrder(fleet)) {
    for (const source of fleet.sources.filter((s) => TABLE_FED_BY[s.holds] === table)) reports.push(await countSource(session, source, table, loadId));
  }
  refuseUnbalanced(reports);
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
      fleet_hash: fleet.hash,
    });
  }
  const buildsFile = `${dir}/silver_builds.parquet`;
  await session.runFile('silver', 'record_build.sql', { out: session.dataFile(buildsFile) });
  tables.silver_builds = { files: [buildsFile], columns: SILVER_BUILDS_COLUMNS };
  await session.commit({ tables, counters: { silver_build: buildId } });
  return { buildId, lastLoadId: loadId, tables: reports, seconds: (Date.now() - started.getTime()) / 1000 };
}
