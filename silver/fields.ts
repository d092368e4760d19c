import { namedColumns } from '../bronze/columns.js';
import { attributeSqlType, idSqlType, type Fleet, type Source, type TimeSpec } from '../fleet/fleet.js';
import type { SourceHolds } from '../fleet/schema.js';

/**
 * How each bronze text column of a source becomes a typed silver column. The kind decides the
 * parsing and the quarantine checks; `key` columns identify a row for de-duplication. Attributes
 * and failure flags carried by readings are stored with the readings too: the tables derived from
 * them (machines, failures) are then derived from silver's readings alone, whichever build wrote them.
 */
export type FieldKind = 'timestamp' | 'asset' | 'reading' | 'number' | 'integer' | 'code' | 'flag' | 'constant' | 'absent';

export interface SilverField {
  /** The bronze column; undefined for a value the source does not carry (constant, absent). */
  bronze: string | undefined;
  name: string;
  kind: FieldKind;
  key: boolean;
  sqlType: string;
  time?: TimeSpec;
  idType?: Fleet['idType'];
  prefix?: string | undefined;
  /** reading: the plausible range; an optional reading may be empty. */
  min?: number | undefined;
  max?: number | undefined;
  optional?: boolean;
  /** code: the declared values, or undefined for none; `open` accepts any other value as written. */
  codes?: string[] | undefined;
  open?: boolean;
  /** constant: the value every row has. */
  value?: string | number;
}

/** The five silver tables (docs/tables.md#silver); which kind of source feeds which. */
export const SILVER_TABLES = ['telemetry', 'errors', 'maint', 'failures', 'machines'] as const;
export type SilverTable = (typeof SILVER_TABLES)[number];

export const TABLE_FED_BY: Record<SourceHolds, SilverTable> = {
  readings: 'telemetry',
  alarms: 'errors',
  maintenance: 'maint',
  failures: 'failures',
  attributes: 'machines',
};

/** The column holding a reading's failure flag. */
const FAILURE_FLAG = '_failure_flag';
/** How long after a flagged reading its failure happens, in microseconds (derive_failures.sql). */
const FAILURE_DELAY = '_failure_delay_us';


function bronzeOf(source: Source, column: string): string {
  const found = namedColumns(source).find((c) => c.source === column);
  if (!found) throw new Error(`source ${source.name} does not name column ${column}`);
  return found.bronze;
}

function attributeField(fleet: Fleet, source: Source, attribute: string, column: string): SilverField {
  const spec = fleet.attributes.find((a) => a.name === attribute);
  const base = { bronze: bronzeOf(source, column), name: attribute, key: false };
  const sqlType = spec ? attributeSqlType(spec) : 'DOUBLE';
  if (spec?.kind === 'categorical') return { ...base, kind: 'code', sqlType, codes: spec.values };
  return { ...base, kind: spec?.kind === 'integer' ? 'integer' : 'number', sqlType };
}

/**
 * A failure flag, and its source's delay from the reading to the failure: none, or the features'
 * step when the failure ends the reading's step. The delay rides along with every reading, so
 * readings sources that time their flags differently can feed one table.
 */
function failureFlagFields(fleet: Fleet, source: Source): SilverField[] {
  const flag = source.failureFlag;
  if (!flag) return [];
  const delayMicros = flag.at === 'end_of_step' ? fleet.features.step.seconds * 1e6 : 0;
  return [
    { bronze: bronzeOf(source, flag.column), name: FAILURE_FLAG, kind: 'flag', key: false, sqlType: 'BOOLEAN' },
    { bronze: undefined, name: FAILURE_DELAY, kind: 'constant', key: false, sqlType: 'BIGINT', value: delayMicros },
  ];
}

function sensorFields(fleet: Fleet, source: Source): SilverField[] {
  return fleet.sensors.map((sensor): SilverField => {
    const column = source.sensors.find(([name]) => name === sensor.name)?.[1];
    if (column === undefined) return { bronze: undefined, name: sensor.name, kind: 'absent', key: false, sqlType: 'DOUBLE' };
    return { bronze: bronzeOf(source, column), name: sensor.name, kind: 'reading', key: false, sqlType: 'DOUBLE', min: sensor.min, max: sensor.max, optional: sensor.optional };
  });
}

/** The fields of one source, in the silver table's column order. */
export function sourceFields(fleet: Fleet, source: Source): SilverField[] {
  const asset: SilverField = {
    bronze: bronzeOf(source, source.asset.column),
    name: 'machine_id',
    kind: 'asset',
    key: true,
    sqlType: idSqlType(fleet),
    idType: fleet.idType,
    prefix: source.asset.prefix,
  };
  const time: SilverField[] = source.time
    ? [{ bronze: bronzeOf(source, source.time.column), name: 'ts', kind: 'timestamp', key: true, sqlType: 'TIMESTAMP', time: source.time }]
    : [];
  const code = (column: string, name: string, codes: string[] | undefined, open = false): SilverField => ({
    bronze: bronzeOf(source, column),
    name,
    kind: 'code',
    key: true,
    sqlType: 'VARCHAR',
    codes,
    open,
  });
  switch (source.holds) {
    case 'readings':
      return [
        asset,
        ...time,
        ...sensorFields(fleet, source),
        ...source.attributes.map(([attribute, column]) => attributeField(fleet, source, attribute, column)),
        ...failureFlagFields(fleet, source),
      ];
    case 'alarms':
      return [asset, ...time, code(source.code as string, 'error_id', fleet.alarms?.codes, fleet.alarms?.open ?? false)];
    case 'maintenance':
      return [asset, ...time, code(source.component as string, 'comp', fleet.components)];
    case 'failures':
      return [
        asset,
        ...time,
        source.component
          ? code(source.component, 'failure', fleet.components)
          : { bronze: undefined, name: 'failure', kind: 'constant', key: true, sqlType: 'VARCHAR', value: fleet.classes[0] as string },
      ];
    case 'attributes':
      return [asset, ...source.attributes.map(([attribute, column]) => attributeField(fleet, source, attribute, column))];
  }
}

/** The attribute and failure flag columns the fleet's readings sources carry, in the order their fields come. */
function carriedByReadings(fleet: Fleet): [string, string][] {
  const readings = fleet.sources.filter((s) => s.holds === 'readings');
  const attributes = fleet.attributes
    .filter((a) => readings.some((s) => s.attributes.some(([name]) => name === a.name)))
    .map((a): [string, string] => [a.name, attributeSqlType(a)]);
  const flag: [string, string][] = readings.some((s) => s.failureFlag !== undefined) ? [[FAILURE_FLAG, 'BOOLEAN'], [FAILURE_DELAY, 'BIGINT']] : [];
  return [...attributes, ...flag];
}

/** The columns of a silver table for this fleet, whether or not a source feeds it. */
export function silverTableColumns(fleet: Fleet, table: SilverTable): [string, string][] {
  const id: [string, string] = ['machine_id', idSqlType(fleet)];
  switch (table) {
    case 'telemetry':
      return [id, ['ts', 'TIMESTAMP'], ...fleet.sensors.map((s): [string, string] => [s.name, 'DOUBLE']), ...carriedByReadings(fleet)];
    case 'errors':
      return [id, ['ts', 'TIMESTAMP'], ['error_id', 'VARCHAR']];
    case 'maint':
      return [id, ['ts', 'TIMESTAMP'], ['comp', 'VARCHAR']];
    case 'failures':
      return [id, ['ts', 'TIMESTAMP'], ['failure', 'VARCHAR']];
    case 'machines':
      return [
        id,
        ...fleet.attributes.map((a): [string, string] => [a.name, attributeSqlType(a)]),
      ];
  }
}
