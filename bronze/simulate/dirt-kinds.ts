/**
 * What --dirty mixes into the files. The quarantine reasons are the codes the silver layer
 * reports; a bad row carries exactly one of them. Duplicates are exact copies or, for keyed
 * readings, conflicting copies. Reformatted rows are valid: the same timestamp in another
 * accepted form.
 */
import { EARLIEST_PLAUSIBLE_TS, QUARANTINE_REASONS, type QuarantineReason } from '../quarantine.js';
import { SENSORS, SOURCE_COLUMNS, type SourceTable } from './shape.js';

export { QUARANTINE_REASONS, type QuarantineReason } from '../quarantine.js';

/** Timestamps outside [from, until) are implausible: silver quarantines them as out of range. */
export const PLAUSIBLE_TIMESTAMPS = { from: EARLIEST_PLAUSIBLE_TS, until: '2100-01-01 00:00:00' } as const;

export type DuplicateKind = 'exact_duplicate' | 'conflicting_duplicate';
export type ReformatKind = 'iso' | 'us';
export type DirtKind = QuarantineReason | DuplicateKind | ReformatKind;

export interface TableDirt {
  reasons: readonly QuarantineReason[];
  duplicates: readonly DuplicateKind[];
  reformats: readonly ReformatKind[];
}

const EVENT_DIRT: TableDirt = {
  reasons: ['missing_required_field', 'unparseable_timestamp', 'timestamp_out_of_range', 'unknown_machine', 'unknown_code'],
  // the whole event row is its key, so a copy can only be exact
  duplicates: ['exact_duplicate'],
  reformats: ['iso', 'us'],
};

/** The kinds that make sense per table: no codes in telemetry, no readings in events, no time in machines. */
export const TABLE_DIRT: Record<SourceTable, TableDirt> = {
  telemetry: {
    reasons: ['missing_required_field', 'unparseable_timestamp', 'timestamp_out_of_range', 'unknown_machine', 'non_numeric_reading', 'non_finite_reading'],
    duplicates: ['exact_duplicate', 'conflicting_duplicate'],
    reformats: ['iso', 'us'],
  },
  errors: EVENT_DIRT,
  maint: EVENT_DIRT,
  failures: EVENT_DIRT,
  machines: {
    // age is the reading here: a non-numeric age; 'NaN' is left out, it would read as either reason
    reasons: ['missing_required_field', 'non_numeric_reading', 'unknown_code'],
    duplicates: ['exact_duplicate', 'conflicting_duplicate'],
    reformats: [],
  },
};

export function dirtKinds(table: SourceTable): DirtKind[] {
  const dirt = TABLE_DIRT[table];
  return [...dirt.reasons, ...dirt.duplicates, ...dirt.reformats];
}

export function isQuarantineReason(kind: DirtKind): kind is QuarantineReason {
  return (QUARANTINE_REASONS as readonly string[]).includes(kind);
}

export function columnIndex(table: SourceTable, name: string): number {
  const index = SOURCE_COLUMNS[table].indexOf(name);
  if (index < 0) throw new Error(`${table} has no column ${name}`);
  return index;
}

/** Columns holding numeric readings: the sensors in telemetry, age in machines. */
export function readingColumns(table: SourceTable): number[] {
  if (table === 'telemetry') return SENSORS.map((sensor) => columnIndex(table, sensor));
  if (table === 'machines') return [columnIndex(table, 'age')];
  return [];
}

/** The column holding a code checked against a known list: errorID, comp, failure, model. */
export function codeColumn(table: SourceTable): number | undefined {
  if (table === 'telemetry') return undefined;
  return table === 'machines' ? columnIndex(table, 'model') : 2;
}

/** Codes that look right but are not in the lists of bronze/sources.ts. */
export const UNKNOWN_CODES: Record<SourceTable, readonly string[]> = {
  telemetry: [],
  errors: ['error0', 'error6', 'error7', 'error9'],
  maint: ['comp0', 'comp5', 'comp7', 'comp9'],
  failures: ['comp0', 'comp5', 'comp7', 'comp9'],
  machines: ['model0', 'model5', 'model7', 'model9'],
};

/** The columns that identify a row in silver: telemetry per (machine, time), events per (machine, time, code). */
export function keyColumns(table: SourceTable): number[] {
  if (table === 'telemetry') return [0, 1];
  if (table === 'machines') return [0];
  return [0, 1, 2];
}
