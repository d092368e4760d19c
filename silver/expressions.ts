import { EARLIEST_PLAUSIBLE_TS, LARGEST_READING, QUARANTINE_REASONS, type QuarantineReason } from '../bronze/quarantine.js';
import { identifier, quoteLiteral } from '../sql/text.js';
import type { SqlValues } from '../sql/values.js';
import type { SilverField } from './fields.js';

/**
 * SQL fragments for the generic silver pipeline, generated from a source's fields: the same few
 * statements then serve every source of every fleet. Values from the fleet definition (codes,
 * ranges, formats, prefixes, origins) are bound parameters, never SQL text.
 */

const raw = (f: SilverField): string => `__raw_${identifier(f.bronze as string)}`;
/** The raw text without surrounding spaces, tabs or line ends (silver_trim in prepare.sql). */
const text = (f: SilverField): string => `silver_trim(${raw(f)})`;
const present = (f: SilverField): string => `nullif(${text(f)}, '') IS NOT NULL`;
/** A plain decimal number: DuckDB's cast also reads `1_170` as 1170, while `1,170` is refused; neither is one. */
const asDouble = (f: SilverField): string => `CASE WHEN NOT contains(${text(f)}, '_') THEN TRY_CAST(${text(f)} AS DOUBLE) END`;
const carried = (f: SilverField): boolean => f.bronze !== undefined;

const FLAG_TRUE = `('1', 'true', 't', 'yes', 'y')`;
const FLAG_FALSE = `('0', 'false', 'f', 'no', 'n')`;

/**
 * DuckDB's text of a TIMESTAMP, in whole seconds or with a fraction: what bronze keeps of a typed
 * Parquet time column (read-file.ts), whatever its precision (ms, us, ns) or zone.
 */
const TYPED_TIME_FORMATS = ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f'];
/** A row of a Parquet file, whose time column may be typed rather than text in the source's formats. */
const FROM_PARQUET = `_load_id IN (SELECT load_id FROM loads WHERE format = 'parquet')`;

function timestampExpression(f: SilverField, values: SqlValues): string {
  const time = f.time;
  if (time?.kind === 'counter') {
    const offset = `TRY_CAST(round(${asDouble(f)} * ${values.bind(time.unitSeconds * 1e6)}) AS BIGINT)`;
    return `${values.bind(time.origin)}::TIMESTAMP + to_microseconds(${offset})`;
  }
  // the declared formats first: a time they read means what they say, in a Parquet file too
  const declared = `try_strptime(${text(f)}, ${values.bind(time?.formats as string[])})`;
  const typed = `CASE WHEN ${FROM_PARQUET} THEN try_strptime(${text(f)}, ${values.bind(TYPED_TIME_FORMATS)}) END`;
  const parsed = `coalesce(${declared}, ${typed})`;
  // a wall-clock time in a declared zone becomes UTC (the session's zone)
  return time?.zone ? `timezone(${values.bind(time.zone)}, ${parsed})::TIMESTAMP` : parsed;
}

function assetExpression(f: SilverField, values: SqlValues): string {
  if (f.idType === 'integer') {
    // only a whole number written plainly: 1.5, 0x2 or 1e1 must not become another machine's id
    return `CASE WHEN regexp_full_match(${text(f)}, '-?[0-9]+') THEN TRY_CAST(${text(f)} AS INTEGER) END`;
  }
  const id = `nullif(${text(f)}, '')`;
  return f.prefix === undefined ? id : `${values.bind(f.prefix)} || ${id}`;
}

function codeExpression(f: SilverField, values: SqlValues): string {
  const asWritten = `nullif(${text(f)}, '')`;
  if (f.codes === undefined) return asWritten;
  // a declared code is matched case-insensitively and stored as the definition spells it; an open
  // list keeps any other code as written
  const lowered = f.codes.map((c) => c.toLowerCase());
  const declared = `list_extract(${values.bind(f.codes)}, list_position(${values.bind(lowered)}, lower(${text(f)})))`;
  return f.open ? `coalesce(${declared}, ${asWritten})` : declared;
}

function typedExpression(f: SilverField, values: SqlValues): string {
  switch (f.kind) {
    case 'timestamp':
      return timestampExpression(f, values);
    case 'asset':
      return assetExpression(f, values);
    case 'reading':
    case 'number':
      return asDouble(f);
    case 'integer':
      return `CASE WHEN isfinite(${asDouble(f)}) AND ${asDouble(f)} = floor(${asDouble(f)}) AND abs(${asDouble(f)}) < 2147483648 THEN ${asDouble(f)}::INTEGER END`;
    case 'code':
      return codeExpression(f, values);
    case 'flag':
      // 1/0 written as numbers too (1.0 from a float column)
      return `CASE WHEN lower(${text(f)}) IN ${FLAG_TRUE} OR ${asDouble(f)} = 1 THEN true WHEN lower(${text(f)}) IN ${FLAG_FALSE} OR ${asDouble(f)} = 0 THEN false END`;
    case 'constant':
      return `${values.bind(f.value ?? '')}::${f.sqlType}`;
    case 'absent':
      return `NULL::${f.sqlType}`;
  }
}

/**
 * A bound as a DOUBLE. It goes in as text: the driver binds a whole number as an integer, and one
 * past 2^63 (a declared `max: 1e20`, the largest reading) cannot be one.
 */
const boundDouble = (x: number, values: SqlValues): string => `CAST(${values.bind(String(x))} AS DOUBLE)`;

function rangeCondition(f: SilverField, name: string, values: SqlValues): string | undefined {
  const bounds = [
    ...(f.min !== undefined ? [`${name} < ${boundDouble(f.min, values)}`] : []),
    ...(f.max !== undefined ? [`${name} > ${boundDouble(f.max, values)}`] : []),
  ];
  return bounds.length ? `(isfinite(${name}) AND (${bounds.join(' OR ')}))` : undefined;
}

/** The conditions under which a field fails with a reason, given typed columns beside raw ones. */
function failures(f: SilverField, checkKnownMachine: boolean, values: SqlValues): Partial<Record<QuarantineReason, string>> {
  if (!carried(f)) return {};
  const name = identifier(f.name);
  const missing = `NOT (${present(f)})`;
  const unparsed = `(${present(f)} AND ${name} IS NULL)`;
  switch (f.kind) {
    case 'timestamp':
      return {
        missing_required_field: missing,
        unparseable_timestamp: `${name} IS NULL`,
        timestamp_out_of_range: `(${name} < TIMESTAMP ${quoteLiteral(EARLIEST_PLAUSIBLE_TS)} OR ${name} > _loaded_at + INTERVAL 1 DAY)`,
      };
    case 'asset':
      return {
        missing_required_field: missing,
        unknown_machine: checkKnownMachine ? `(${name} IS NULL OR ${name} NOT IN (SELECT machine_id FROM known_machines))` : `${name} IS NULL`,
      };
    case 'reading': {
      const range = rangeCondition(f, name, values);
      return {
        ...(f.optional ? {} : { missing_required_field: missing }),
        non_numeric_reading: unparsed,
        non_finite_reading: `NOT isfinite(${name})`,
        ...(range ? { reading_out_of_range: range } : {}),
        reading_too_large: `abs(${name}) > ${boundDouble(LARGEST_READING, values)}`,
      };
    }
    case 'number':
      return { missing_required_field: missing, non_numeric_reading: unparsed, non_finite_reading: `NOT isfinite(${name})` };
    case 'integer':
      return {
        missing_required_field: missing,
        non_numeric_reading: `(${asDouble(f)} IS NULL OR (isfinite(${asDouble(f)}) AND ${name} IS NULL))`,
        non_finite_reading: `NOT isfinite(${asDouble(f)})`,
      };
    case 'code':
    case 'flag':
      return { missing_required_field: missing, unknown_code: `${name} IS NULL` };
    case 'constant':
    case 'absent':
      return {};
  }
}

export function rawProjection(fields: readonly SilverField[]): string {
  return fields.filter(carried).map((f) => `${identifier(f.bronze as string)} AS ${raw(f)}`).join(', ');
}

export function typedProjection(fields: readonly SilverField[], values: SqlValues): string {
  return fields.map((f) => `${typedExpression(f, values)} AS ${identifier(f.name)}`).join(', ');
}

/** A CASE giving the first reason, in QUARANTINE_REASONS order, that applies to a row. */
export function reasonExpression(fields: readonly SilverField[], checkKnownMachine: boolean, values: SqlValues): string {
  const perField = fields.map((f) => failures(f, checkKnownMachine, values));
  const branches = QUARANTINE_REASONS.flatMap((reason) =>
    perField.flatMap((conditions) => (conditions[reason] ? [`WHEN ${conditions[reason]} THEN ${quoteLiteral(reason)}`] : [])),
  );
  return branches.length ? `CASE ${branches.join(' ')} END` : 'NULL::VARCHAR';
}

/** The raw text values as a JSON object keyed by bronze column name, for quarantine and duplicates. */
export function rawJson(fields: readonly SilverField[], table: string): string {
  return `to_json({${fields.filter(carried).map((f) => `${quoteLiteral(f.bronze as string)}: ${table}.${raw(f)}`).join(', ')}})`;
}

export const keyList = (fields: readonly SilverField[]): string => fields.filter((f) => f.key).map((f) => identifier(f.name)).join(', ');

/** The non-key values of a row: equal values under one key make an exact duplicate. */
export function valuesTuple(fields: readonly SilverField[]): string {
  const nonKey = fields.filter((f) => !f.key).map((f) => identifier(f.name));
  return nonKey.length ? `ROW(${nonKey.join(', ')})` : 'NULL';
}

export const typedNames = (fields: readonly SilverField[]): string => fields.map((f) => identifier(f.name)).join(', ');

