import { COMPONENTS, ERROR_CODES, MODELS, SOURCE_TABLES, type SourceTable } from '../bronze/sources.js';
import type { Columns } from '../sql/catalog.js';

/**
 * How each bronze text column becomes a typed silver column. The kind decides the parsing and
 * the quarantine checks; `key` columns identify a row for de-duplication.
 */
export type FieldKind = 'timestamp' | 'machine' | 'reading' | 'whole_number' | 'code';

export interface SilverField {
  bronze: string;
  name: string;
  kind: FieldKind;
  key: boolean;
  codes?: readonly string[];
}

const ts: SilverField = { bronze: 'datetime', name: 'ts', kind: 'timestamp', key: true };
const machine: SilverField = { bronze: 'machineid', name: 'machine_id', kind: 'machine', key: true };
const reading = (name: string): SilverField => ({ bronze: name, name, kind: 'reading', key: false });

export const SILVER_FIELDS: Record<SourceTable, readonly SilverField[]> = {
  telemetry: [machine, ts, reading('volt'), reading('rotate'), reading('pressure'), reading('vibration')],
  errors: [machine, ts, { bronze: 'errorid', name: 'error_id', kind: 'code', key: true, codes: ERROR_CODES }],
  maint: [machine, ts, { bronze: 'comp', name: 'comp', kind: 'code', key: true, codes: COMPONENTS }],
  failures: [machine, ts, { bronze: 'failure', name: 'failure', kind: 'code', key: true, codes: COMPONENTS }],
  machines: [
    machine,
    { bronze: 'model', name: 'model', kind: 'code', key: false, codes: MODELS },
    { bronze: 'age', name: 'age', kind: 'whole_number', key: false },
  ],
};

/** Machines first: every other table checks its machine ids against silver_machines. */
export const BUILD_ORDER: readonly SourceTable[] = ['machines', ...SOURCE_TABLES.filter((t) => t !== 'machines')];

const SQL_TYPE: Record<FieldKind, string> = {
  timestamp: 'TIMESTAMP',
  machine: 'INTEGER',
  reading: 'DOUBLE',
  whole_number: 'INTEGER',
  code: 'VARCHAR',
};

export const silverTable = (table: SourceTable): string => `silver_${table}`;

export function silverColumns(table: SourceTable): Columns {
  return [
    ...SILVER_FIELDS[table].map((f): [string, string] => [f.name, SQL_TYPE[f.kind]]),
    ['_load_id', 'BIGINT'],
    ['_row_number', 'BIGINT'],
  ];
}

const LINEAGE: Columns = [
  ['_source_file', 'VARCHAR'],
  ['_source_sha256', 'VARCHAR'],
  ['_load_id', 'BIGINT'],
  ['_row_number', 'BIGINT'],
  ['_loaded_at', 'TIMESTAMP'],
];

export const QUARANTINE_COLUMNS: Columns = [['source_table', 'VARCHAR'], ['reason', 'VARCHAR'], ['raw_values', 'VARCHAR'], ...LINEAGE];

export const DUPLICATES_COLUMNS: Columns = [
  ['source_table', 'VARCHAR'],
  ['kind', 'VARCHAR'],
  ['raw_values', 'VARCHAR'],
  ...LINEAGE,
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
];
