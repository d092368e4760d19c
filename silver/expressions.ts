import { identifier, quoteLiteral } from '../sql/duckdb.js';
import type { SourceTable } from '../bronze/sources.js';
import { EARLIEST_PLAUSIBLE_TS, QUARANTINE_REASONS, type QuarantineReason } from '../bronze/quarantine.js';
import { SILVER_FIELDS, type SilverField } from './fields.js';

/**
 * SQL fragments for the generic silver pipeline, generated from the fixed field specs in
 * fields.ts: the same few statements then serve all five tables.
 */

const raw = (f: SilverField): string => `raw_${identifier(f.bronze)}`;
const present = (f: SilverField): string => `nullif(trim(${raw(f)}), '') IS NOT NULL`;
const asDouble = (f: SilverField): string => `TRY_CAST(trim(${raw(f)}) AS DOUBLE)`;

function typedExpression(f: SilverField): string {
  switch (f.kind) {
    case 'timestamp':
      return `silver_parse_ts(${raw(f)})`;
    case 'machine':
      return `TRY_CAST(trim(${raw(f)}) AS INTEGER)`;
    case 'reading':
      return asDouble(f);
    case 'whole_number':
      return `CASE WHEN isfinite(${asDouble(f)}) AND ${asDouble(f)} = floor(${asDouble(f)}) AND abs(${asDouble(f)}) < 2147483648 THEN ${asDouble(f)}::INTEGER END`;
    case 'code':
      return `lower(trim(${raw(f)}))`;
  }
}

/** The conditions under which a field fails with a reason, given typed columns beside raw ones. */
function failures(f: SilverField, checkKnownMachine: boolean): Partial<Record<QuarantineReason, string>> {
  const name = identifier(f.name);
  const missing = `NOT (${present(f)})`;
  switch (f.kind) {
    case 'timestamp':
      return {
        missing_required_field: missing,
        unparseable_timestamp: `${name} IS NULL`,
        timestamp_out_of_range: `(${name} < TIMESTAMP ${quoteLiteral(EARLIEST_PLAUSIBLE_TS)} OR ${name} > _loaded_at + INTERVAL 1 DAY)`,
      };
    case 'machine':
      return {
        missing_required_field: missing,
        unknown_machine: checkKnownMachine ? `(${name} IS NULL OR ${name} NOT IN (SELECT machine_id FROM known_machines))` : `${name} IS NULL`,
      };
    case 'reading':
      return { missing_required_field: missing, non_numeric_reading: `${name} IS NULL`, non_finite_reading: `NOT isfinite(${name})` };
    case 'whole_number':
      return {
        missing_required_field: missing,
        non_numeric_reading: `(${asDouble(f)} IS NULL OR (isfinite(${asDouble(f)}) AND ${name} IS NULL))`,
        non_finite_reading: `NOT isfinite(${asDouble(f)})`,
      };
    case 'code':
      return { missing_required_field: missing, unknown_code: `${name} NOT IN (${(f.codes ?? []).map(quoteLiteral).join(', ')})` };
  }
}

export function rawProjection(table: SourceTable): string {
  return SILVER_FIELDS[table].map((f) => `${identifier(f.bronze)} AS ${raw(f)}`).join(', ');
}

export function typedProjection(table: SourceTable): string {
  return SILVER_FIELDS[table].map((f) => `${typedExpression(f)} AS ${identifier(f.name)}`).join(', ');
}

/** A CASE giving the first reason, in QUARANTINE_REASONS order, that applies to a row. */
export function reasonExpression(table: SourceTable): string {
  const perField = SILVER_FIELDS[table].map((f) => failures(f, table !== 'machines'));
  const branches = QUARANTINE_REASONS.flatMap((reason) =>
    perField.flatMap((conditions) => (conditions[reason] ? [`WHEN ${conditions[reason]} THEN ${quoteLiteral(reason)}`] : [])),
  );
  return `CASE ${branches.join(' ')} END`;
}

/** The raw text values as a JSON object keyed by source column name, for quarantine and duplicates. */
export function rawJson(table: SourceTable): string {
  return `to_json({${SILVER_FIELDS[table].map((f) => `${quoteLiteral(f.bronze)}: ${raw(f)}`).join(', ')}})`;
}

export const keyList = (table: SourceTable): string =>
  SILVER_FIELDS[table].filter((f) => f.key).map((f) => identifier(f.name)).join(', ');

/** The non-key values of a row: equal values under one key make an exact duplicate. */
export function valuesTuple(table: SourceTable): string {
  const values = SILVER_FIELDS[table].filter((f) => !f.key).map((f) => identifier(f.name));
  return values.length ? `ROW(${values.join(', ')})` : 'NULL';
}

export const silverProjection = (table: SourceTable): string => SILVER_FIELDS[table].map((f) => identifier(f.name)).join(', ');
