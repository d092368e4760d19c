/**
 * Turns a planned edit into row text, given the base row's fields, and counts what it wrote.
 * Bad rows must be unambiguous: no two share a key (checked here, retrying another variant of
 * the same problem), and none shares a key with a valid row (telemetry's replace their base row;
 * the others break a key column or, in machines, describe a machine of their own).
 */
import { MODELS, SENSORS, type SourceTable } from './shape.js';
import { MAX_MACHINE_AGE, SENSOR_BASELINE } from './calibration.js';
import { TIMESTAMP_FORMS, type Period } from './clock.js';
import { codeColumn, columnIndex, keyColumns, readingColumns, UNKNOWN_CODES, type DirtKind, type QuarantineReason } from './dirt-kinds.js';
import type { PlannedEdit } from './dirt-plan.js';
import type { DirtTally } from './dirt-tally.js';
import type { Random } from './random.js';
import { formatReading } from './reading-format.js';

export interface RealizedEdit {
  fields: string[];
  /** Written instead of the base row; otherwise an extra row after `PlannedEdit.after`. */
  inPlace: boolean;
}

/** Unknown machines get ids from here up; --machines stays below it. */
export const UNKNOWN_MACHINE_ID_BASE = 100_000;
/** Bad machines rows describe machines of their own, so no valid machine loses its row. */
const BAD_MACHINE_ID_BASE = 200_000;
/** Variants tried before a bad row is given up because each one would share a key. */
const ATTEMPTS = 8;

const NON_NUMERIC = ['abc', 'twelve', '1.2.3', '12..5', '#VALUE!'] as const;
const NON_FINITE = ['NaN', 'nan', 'inf', '-inf', 'Infinity', '-Infinity'] as const;

function withField(fields: readonly string[], column: number, text: string): string[] {
  const copy = [...fields];
  copy[column] = text;
  return copy;
}

function unparseableTimestamp(plain: string, random: Random): string {
  const [date = '', time = ''] = plain.split(' ');
  const [year = '', month = '', day = ''] = date.split('-');
  return random.pick([`${year}-13-${day} ${time}`, `${year}-${month}-45 ${time}`, `${date} 25:00:00`, '2015-13-45 25:00:00', 'yesterday', 'not a date']);
}

/** Parseable but implausible; shifting by 400 years keeps the calendar (and 29 February) valid. */
function outOfRangeTimestamp(plain: string, random: Random): string {
  const time = plain.slice(11);
  const farFuture = String(Number(plain.slice(0, 4)) + 400) + plain.slice(4);
  return random.pick([`1899-12-31 ${time}`, '1970-01-01 00:00:00', `2150-01-01 ${time}`, farFuture]);
}

export class Dirtier {
  private readonly badKeys = new Map<SourceTable, Set<string>>();
  private nextUnknownMachine = UNKNOWN_MACHINE_ID_BASE;
  private nextBadMachine = BAD_MACHINE_ID_BASE;

  constructor(private readonly period: Period, private readonly tally: DirtTally) {}

  /**
   * The row to write for `edit`, or undefined when every variant tried would be ambiguous (the
   * edit is then dropped, and not counted). `hour` is the base row's time; null for machines.
   */
  realize(table: SourceTable, edit: PlannedEdit, base: readonly string[], hour: number | null, random: Random): RealizedEdit | undefined {
    const realized = this.build(table, edit.kind, base, hour, random);
    if (realized) this.tally.count(table, edit.kind, realized.fields, realized.inPlace);
    return realized;
  }

  private build(table: SourceTable, kind: DirtKind, base: readonly string[], hour: number | null, random: Random): RealizedEdit | undefined {
    switch (kind) {
      case 'iso':
      case 'us':
        return { fields: withField(base, 0, TIMESTAMP_FORMS[kind](this.period, hour ?? 0)), inPlace: true };
      case 'exact_duplicate':
        return { fields: [...base], inPlace: false };
      case 'conflicting_duplicate':
        return { fields: conflictingCopy(table, base, random), inPlace: false };
      default:
        return this.badRow(table, kind, base, random);
    }
  }

  private badRow(table: SourceTable, reason: QuarantineReason, base: readonly string[], random: Random): RealizedEdit | undefined {
    const keys = this.badKeys.get(table) ?? new Set<string>();
    this.badKeys.set(table, keys);
    const own = table === 'machines' ? withField(base, 0, String(this.nextBadMachine++)) : base;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const fields = this.corrupt(table, reason, own, random);
      const key = keyColumns(table)
        .map((c) => fields[c])
        .join('\u0000');
      if (keys.has(key)) continue;
      keys.add(key);
      return { fields, inPlace: table === 'telemetry' };
    }
    return undefined;
  }

  /** `fields` with exactly one problem of kind `reason`. */
  private corrupt(table: SourceTable, reason: QuarantineReason, fields: readonly string[], random: Random): string[] {
    const timestamp = fields[0] ?? '';
    switch (reason) {
      case 'missing_required_field':
        return withField(fields, random.int(fields.length), '');
      case 'unparseable_timestamp':
        return withField(fields, 0, unparseableTimestamp(timestamp, random));
      case 'timestamp_out_of_range':
        return withField(fields, 0, outOfRangeTimestamp(timestamp, random));
      case 'unknown_machine':
        return withField(fields, columnIndex(table, 'machineID'), String(this.nextUnknownMachine++));
      case 'non_numeric_reading':
        return withField(fields, random.pick(readingColumns(table)), random.pick(NON_NUMERIC));
      case 'non_finite_reading':
        return withField(fields, random.pick(readingColumns(table)), random.pick(NON_FINITE));
      case 'unknown_code':
        return withField(fields, codeColumn(table) ?? 0, random.pick(UNKNOWN_CODES[table]));
      case 'reading_out_of_range':
      case 'reading_too_large':
        throw new Error(`the simulated shape injects no ${reason}: it declares no sensor ranges, and its readings are small`);
    }
  }
}

/** Same key, other values: new sensor readings, or another age (and maybe model) for a machine. */
function conflictingCopy(table: SourceTable, base: readonly string[], random: Random): string[] {
  if (table === 'machines') {
    const age = columnIndex(table, 'age');
    const otherAge = (Number(base[age]) + 1 + random.int(MAX_MACHINE_AGE)) % (MAX_MACHINE_AGE + 1);
    return withField(withField(base, columnIndex(table, 'model'), random.pick(MODELS)), age, String(otherAge));
  }
  const copy = [...base];
  for (const sensor of SENSORS) {
    const { mean, sd } = SENSOR_BASELINE[sensor];
    copy[columnIndex(table, sensor)] = formatReading(mean + sd * random.normal());
  }
  return copy;
}

