import type { Fleet, Source } from '../fleet/fleet.js';
import type { Columns } from '../sql/catalog.js';
import type { LakeSession } from '../sql/duckdb.js';
import { namedColumns } from './columns.js';

/** Where every bronze row came from. */
export const LINEAGE_COLUMNS: Columns = [
  ['_source_file', 'VARCHAR'],
  ['_source_sha256', 'VARCHAR'],
  ['_load_id', 'BIGINT'],
  ['_row_number', 'BIGINT'],
  ['_loaded_at', 'TIMESTAMP'],
];

export const bronzeTable = (source: Source): string => `bronze_${source.name}`;

/** The source's named columns as text, then lineage. */
export function bronzeColumns(source: Source): Columns {
  return [...namedColumns(source).map((c): [string, string] => [c.bronze, 'VARCHAR']), ...LINEAGE_COLUMNS];
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
  ['ignored_columns', 'VARCHAR'],
  ['file_bytes', 'BIGINT'],
  ['file_modified_ns', 'BIGINT'],
];

/** Makes every bronze table queryable, empty until its first load. */
export async function declareBronzeTables(session: LakeSession, fleet: Fleet): Promise<void> {
  // loads recorded before a column was added read it as NULL
  await session.ensureTableColumns('loads', LOADS_COLUMNS);
  for (const source of fleet.sources) await session.ensureTableColumns(bronzeTable(source), bronzeColumns(source));
}
