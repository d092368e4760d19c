import { bronzeTable, declareBronzeTables } from '../bronze/tables.js';
import type { Fleet, Source } from '../fleet/fleet.js';
import type { TableEntry } from '../sql/catalog.js';
import { type LakeSession } from '../sql/duckdb.js';
import { identifier, timestampText } from '../sql/text.js';
import { SqlValues } from '../sql/values.js';
import { rawJson, rawProjection, reasonExpression, typedNames, typedProjection, keyList, storedNames, valuesTuple } from './expressions.js';
import { sourceFields, TABLE_FED_BY, type SilverTable } from './fields.js';
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

async function lastLoadId(session: LakeSession): Promise<number> {
  const [row] = await session.queryFile('silver', 'last_load.sql');
  return Number(row?.last_load_id ?? 0);
}

/** Up to date: built from the same loads with the same fleet definition. */
async function upToDate(session: LakeSession, fleet: Fleet, loadId: number): Promise<boolean> {
  const [row] = await session.queryFile('silver', 'last_build.sql');
  return row?.last_load_id !== null && row?.last_load_id !== undefined && Number(row.last_load_id) === loadId && row.fleet_hash === fleet.hash;
}

/**
 * The order tables are built in: an asset table first (every other table checks its ids against
 * it), readings before the tables derived from them (attributes or failures they carry).
 */
function buildOrder(fleet: Fleet): SilverTable[] {
  return fleet.hasAssetTable ? ['machines', 'telemetry', 'errors', 'maint', 'failures'] : ['telemetry', 'machines', 'errors', 'maint', 'failures'];
}

const checkedName = (index: number): string => `checked_${index}`;

/** Parses and checks one source's bronze rows into checked_<index>. */
async function checkSource(session: LakeSession, fleet: Fleet, source: Source, index: number): Promise<void> {
  const fields = sourceFields(fleet, source);
  const values = new SqlValues();
  const checkKnownMachine = fleet.hasAssetTable && source.holds !== 'attributes';
  await session.runFile('silver', 'check.sql', values.params, {
    checked: checkedName(index),
    raw: rawProjection(fields),
    typed: typedProjection(fields, values),
    reason: reasonExpression(fields, checkKnownMachine, values),
    bronze: identifier(bronzeTable(source)),
    source_index: String(index),
  });
}

async function countSource(session: LakeSession, fleet: Fleet, source: Source, index: number): Promise<SilverTableReport> {
  const fragments = { checked: checkedName(index), source_index: String(index) };
  await session.runFile('silver', 'collect_rejects.sql', { source_table: source.name }, { ...fragments, raw_json: rawJson(sourceFields(fleet, source), checkedName(index)) });
  const [counts] = await session.queryFile('silver', 'table_counts.sql', {}, fragments);
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

/**
 * A table's stored, key and compared columns: the union of its sources' fields (readings sources
 * may differ in the attributes or flag they carry: a source without one gives NULL); failures
 * derived from flags alone have the failures table's own columns.
 */
function tableShape(fleet: Fleet, sources: readonly Source[]): { stored: string; key: string; values: string } {
  if (sources.length === 0) return { stored: 'machine_id, ts, failure', key: 'machine_id, ts, failure', values: 'NULL' };
  const fields = sources.flatMap((source) => sourceFields(fleet, source)).filter((f, i, all) => all.findIndex((o) => o.name === f.name) === i);
  return { stored: storedNames(fields), key: keyList(fields), values: valuesTuple(fields) };
}

interface TableOutcome {
  reports: SilverTableReport[];
  /** false when no source feeds the table and nothing derives it: it is published empty. */
  written: boolean;
}

/** Checks, de-duplicates and writes one silver table from every source that feeds it. */
async function buildTable(session: LakeSession, fleet: Fleet, table: SilverTable, fileFor: (table: SilverTable) => string): Promise<TableOutcome> {
  const out = fileFor(table);
  const sources = fleet.sources.filter((s) => TABLE_FED_BY[s.holds] === table);
  const derivedFailures = table === 'failures' && fleet.sources.some((s) => s.failureFlag !== undefined);
  if (sources.length === 0 && !derivedFailures) return { reports: [], written: false };
  const indexed = sources.map((source) => ({ source, index: fleet.sources.indexOf(source) }));
  for (const { source, index } of indexed) await checkSource(session, fleet, source, index);
  const shape = tableShape(fleet, sources);
  const parts = [
    ...indexed.map(
      ({ source, index }) =>
        `SELECT ${typedNames(sourceFields(fleet, source))}, reason, _source_index, _source_file, _source_sha256, _load_id, _row_number, _loaded_at FROM ${checkedName(index)}`,
    ),
    ...(derivedFailures ? ['SELECT * FROM flagged_failures'] : []),
  ];
  await session.runFile('silver', 'checked_union.sql', {}, { union: parts.join('\nUNION ALL BY NAME\n') });
  await session.runFile('silver', 'rank.sql', {}, { values: shape.values, key: shape.key });
  await session.runFile('silver', 'write_table.sql', { out }, { columns: shape.stored, key: shape.key });
  if (table === 'machines' && fleet.hasAssetTable) await session.runFile('silver', 'known_machines.sql');
  if (table === 'telemetry') await deriveFromReadings(session, fleet, fileFor('machines'));
  const reports: SilverTableReport[] = [];
  for (const { source, index } of indexed) reports.push(await countSource(session, fleet, source, index));
  // a table's checked rows are done with: free them before the next table
  for (const { index } of indexed) await session.run(`DROP TABLE IF EXISTS ${checkedName(index)}`);
  return { reports, written: true };
}

/** Attributes and failure flags carried by readings become rows of their own tables. */
async function deriveFromReadings(session: LakeSession, fleet: Fleet, machinesOut: string): Promise<void> {
  const readings = fleet.sources.filter((s) => s.holds === 'readings');
  if (readings.some((s) => s.failureFlag !== undefined)) {
    await session.runFile('silver', 'derive_failures.sql', { failure_class: fleet.classes[0] as string });
  }
  if (!fleet.hasAssetTable && fleet.attributes.length > 0) {
    const latest = fleet.attributes.map((a) => `arg_max(${identifier(a.name)}, ts) AS ${identifier(a.name)}`).join(', ');
    await session.runFile('silver', 'derive_machines.sql', { out: machinesOut }, { latest });
  }
}

/**
 * Rebuilds every silver table from all of bronze and publishes them in one commit, so readers
 * see the old silver or the new one, never a mix. Skips the work when no load arrived since the
 * last build and the fleet definition is the same, unless forced.
 */
export async function buildSilver(session: LakeSession, fleet: Fleet, options: { force: boolean }): Promise<SilverBuildReport> {
  const started = new Date();
  await declareBronzeTables(session, fleet);
  await declareSilverTables(session, fleet);
  const loadId = await lastLoadId(session);
  if (!options.force && (await upToDate(session, fleet, loadId))) {
    return { buildId: undefined, lastLoadId: loadId, tables: [], seconds: (Date.now() - started.getTime()) / 1000 };
  }
  const buildId = (session.catalog.counters.silver_build ?? 0) + 1;
  const dir = `silver/build-${String(buildId).padStart(6, '0')}-${session.writerId}`;
  const buildColumns = SILVER_BUILDS_COLUMNS.map(([name, type]) => `${identifier(name)} ${type}`).join(', ');
  await session.runFile('silver', 'prepare.sql', {}, { build_columns: buildColumns });
  const tables: Record<string, TableEntry> = {};
  const reports: SilverTableReport[] = [];
  const derivedMachines = !fleet.hasAssetTable && fleet.attributes.length > 0;
  const fileOf = (table: SilverTable): string => `${dir}/${table}.parquet`;
  for (const table of buildOrder(fleet)) {
    const outcome = table === 'machines' && derivedMachines ? { reports: [], written: true } : await buildTable(session, fleet, table, (t) => session.dataFile(fileOf(t)));
    reports.push(...outcome.reports);
    tables[silverTable(table)] = { files: outcome.written ? [fileOf(table)] : [], columns: silverColumns(fleet, table) };
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
      fleet_hash: fleet.hash,
    });
  }
  const buildsFile = `${dir}/silver_builds.parquet`;
  await session.runFile('silver', 'record_build.sql', { out: session.dataFile(buildsFile) });
  tables.silver_builds = { files: [buildsFile], columns: SILVER_BUILDS_COLUMNS };
  await session.commit({ tables, counters: { silver_build: buildId } });
  return { buildId, lastLoadId: loadId, tables: reports, seconds: (Date.now() - started.getTime()) / 1000 };
}
