import { LINEAGE_COLUMNS } from '../bronze/tables.js';
import type { Fleet } from '../fleet/fleet.js';
import type { Columns } from '../sql/catalog.js';
import type { LakeSession } from '../sql/duckdb.js';
import { SILVER_TABLES, silverTableColumns, type SilverTable } from './fields.js';

export const silverTable = (table: SilverTable): string => `silver_${table}`;

export function silverColumns(fleet: Fleet, table: SilverTable): Columns {
  return [...silverTableColumns(fleet, table), ['_load_id', 'BIGINT'], ['_row_number', 'BIGINT']];
}

export const QUARANTINE_COLUMNS: Columns = [['source_table', 'VARCHAR'], ['reason', 'VARCHAR'], ['raw_values', 'VARCHAR'], ...LINEAGE_COLUMNS];

export const DUPLICATES_COLUMNS: Columns = [
  ['source_table', 'VARCHAR'],
  ['kind', 'VARCHAR'],
  ['raw_values', 'VARCHAR'],
  ...LINEAGE_COLUMNS,
  ['kept_load_id', 'BIGINT'],
  ['kept_row_number', 'BIGINT'],
];

export const SILVER_BUILDS_COLUMNS: Columns = [
  ['build_id', 'BIGINT'],
  ['table_name', 'VARCHAR'],
  ['bronze_rows', 'BIGINT'],
  ['silver_rows', 'BIGINT'],
  ['exact_duplicates', 'BIGINT'],
  ['conflicting_duplicates', 'BIGINT'],
  ['quarantined', 'BIGINT'],
  ['last_load_id', 'BIGINT'],
  ['started_at', 'TIMESTAMP'],
  ['finished_at', 'TIMESTAMP'],
  ['fleet_hash', 'VARCHAR'],
];

/** Makes every silver table queryable, empty until the first build. */
export async function declareSilverTables(session: LakeSession, fleet: Fleet): Promise<void> {
  for (const table of SILVER_TABLES) await session.ensureTable(silverTable(table), silverColumns(fleet, table));
  await session.ensureTable('silver_quarantine', QUARANTINE_COLUMNS);
  await session.ensureTable('silver_duplicates', DUPLICATES_COLUMNS);
  await session.ensureTable('silver_builds', SILVER_BUILDS_COLUMNS);
}
