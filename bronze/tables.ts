import type { Columns } from '../sql/catalog.js';
import type { LakeSession } from '../sql/duckdb.js';
import { SOURCE_COLUMNS, SOURCE_TABLES, type SourceTable } from './sources.js';

/** Where every bronze row came from. */
export const LINEAGE_COLUMNS: Columns = [
  ['_source_file', 'VARCHAR'],
  ['_source_sha256', 'VARCHAR'],
  ['_load_id', 'BIGINT'],
  ['_row_number', 'BIGINT'],
  ['_loaded_at', 'TIMESTAMP'],
];

export const bronzeTable = (table: SourceTable): string => `bronze_${table}`;

/** Source columns as text, lower-cased, then lineage. */
export function bronzeColumns(table: SourceTable): Columns {
  return [...SOURCE_COLUMNS[table].map((c): [string, string] => [c.toLowerCase(), 'VARCHAR']), ...LINEAGE_COLUMNS];
}

export const LOADS_COLUMNS: Columns = [
  ['load_id', 'BIGINT'],
  ['file', 'VARCHAR'],
  ['sha256', 'VARCHAR'],
  ['table_name', 'VARCHAR'],
  ['format', 'VARCHAR'],
  ['row_count', 'BIGINT'],
  ['status', 'VARCHAR'],
  ['error', 'VARCHAR'],
  ['started_at', 'TIMESTAMP'],
  ['finished_at', 'TIMESTAMP'],
];

/** Makes every bronze table queryable, empty until its first load. */
export async function declareBronzeTables(session: LakeSession): Promise<void> {
  await session.ensureTable('loads', LOADS_COLUMNS);
  for (const table of SOURCE_TABLES) await session.ensureTable(bronzeTable(table), bronzeColumns(table));
}
