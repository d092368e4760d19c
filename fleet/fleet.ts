import { createHash } from 'node:crypto';
import { parseDuration, type Duration } from './duration.js';
import { columnNameOf } from './names.js';
import type { AttributeSpec, FleetFile, SensorSpec, SourceHolds, SourceSpec } from './schema.js';

/**
 * A validated fleet definition, resolved into what the layers read: which sources feed which
 * table, how each column is parsed, the failure classes and the feature defaults. Everything here
 * came from the definition file (or the built-in one); nothing about one data set is in the code.
 */

export type Aggregate = 'mean' | 'std' | 'min' | 'max' | 'last' | 'slope';

export interface Sensor extends SensorSpec {
  name: string;
}

export interface Attribute extends AttributeSpec {
  name: string;
}

export type TimeSpec =
  | { kind: 'clock'; column: string; formats: string[]; zone: string | undefined }
  | { kind: 'counter'; column: string; origin: string; unitSeconds: number };

export interface CsvOptions {
  /** One character, or 'whitespace' for runs of spaces and tabs. */
  delimiter: string;
  header: boolean;
  columns: string[] | undefined;
  quote: string;
}

export interface Source {
  name: string;
  holds: SourceHolds;
  patterns: string[];
  format: 'csv' | 'parquet' | undefined;
  csv: CsvOptions;
  asset: { column: string; prefix: string | undefined };
  time: TimeSpec | undefined;
  /** [sensor, source column] */
  sensors: [string, string][];
  /** [attribute, source column] */
  attributes: [string, string][];
  code: string | undefined;
  component: string | undefined;
  failureFlag: string | undefined;
}

export interface FeatureDefaults {
  step: Duration;
  windows: Duration[];
  aggregates: Aggregate[];
  alarmWindow: Duration;
  horizon: Duration;
}

export interface Fleet {
  idType: 'integer' | 'text';
  sensors: Sensor[];
  attributes: Attribute[];
  alarms: { codes: string[] | undefined; open: boolean; top: number | undefined } | undefined;
  components: string[];
  /** The failure classes, in tie-breaking order: the components, or the single class `failure`. */
  classes: string[];
  features: FeatureDefaults;
  sources: Source[];
  /** An attributes source declares which assets exist; ids elsewhere are checked against it. */
  hasAssetTable: boolean;
  /** The validated definition as canonical JSON, and its sha256: recorded with builds and models. */
  canonical: string;
  hash: string;
}

/** A definition that is well-formed but inconsistent; `path` is the key path it is about. */
export class FleetRuleError extends Error {
  constructor(readonly path: string, reason: string) {
    super(reason);
  }
}

/** The accepted datetime forms of SPEC.md section 2, as strptime formats. */
export const DEFAULT_TIME_FORMATS = ['%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%SZ', '%m/%d/%Y %I:%M:%S %p'];

const STRPTIME_SPECIFIER = /%(-?[aAwdbBmyYHIpMSgfnzZjUWcxX]|%)/g;

function checkFormat(format: string, path: string): void {
  const rest = format.replace(STRPTIME_SPECIFIER, '');
  if (rest.includes('%')) throw new FleetRuleError(path, `"${format}" has an unknown % specifier (use strptime ones such as %Y %m %d %H %M %S)`);
}

const DEFAULT_FEATURES = { step: '12h', windows: ['12h', '24h', '36h'], alarmWindow: '24h', horizon: '48h' };
const duration = (text: string): Duration => parseDuration(text) as Duration;

function originTimestamp(text: string): string {
  const iso = text.length === 10 ? `${text}T00:00:00Z` : text.endsWith('Z') ? text : `${text.replace(' ', 'T')}Z`;
  return new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
}

function resolveTime(spec: SourceSpec['time'], path: string): TimeSpec | undefined {
  if (!spec) return undefined;
  if ('counter' in spec && spec.counter) {
    return { kind: 'counter', column: spec.column, origin: originTimestamp(spec.counter.origin), unitSeconds: spec.counter.unit.seconds };
  }
  const format = 'format' in spec ? spec.format : undefined;
  const formats = format === undefined ? DEFAULT_TIME_FORMATS : typeof format === 'string' ? [format] : format;
  formats.forEach((f, i) => checkFormat(f, `${path}.format${typeof format === 'string' ? '' : `.${i}`}`));
  const zone = 'zone' in spec ? spec.zone : undefined;
  if (zone !== undefined && !isTimeZone(zone)) throw new FleetRuleError(`${path}.zone`, `unknown time zone "${zone}" (expected an IANA name such as Europe/Berlin)`);
  return { kind: 'clock', column: spec.column, formats, zone };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Which roles a source of each kind must, may and must not have. */
const ROLES: Record<SourceHolds, { required: (keyof SourceSpec)[]; allowed: (keyof SourceSpec)[] }> = {
  readings: { required: ['time', 'sensors'], allowed: ['attributes', 'failure_flag'] },
  alarms: { required: ['time', 'code'], allowed: [] },
  maintenance: { required: ['time', 'component'], allowed: [] },
  failures: { required: ['time'], allowed: ['component'] },
  attributes: { required: ['attributes'], allowed: [] },
};
const ROLE_KEYS: (keyof SourceSpec)[] = ['time', 'sensors', 'attributes', 'code', 'component', 'failure_flag'];

function checkRoles(name: string, spec: SourceSpec): void {
  const rules = ROLES[spec.holds];
  for (const key of rules.required) {
    if (spec[key] === undefined) throw new FleetRuleError(`sources.${name}.${key}`, `a source that holds ${spec.holds} needs ${key}`);
  }
  for (const key of ROLE_KEYS) {
    if (spec[key] !== undefined && !rules.required.includes(key) && !rules.allowed.includes(key)) {
      throw new FleetRuleError(`sources.${name}.${key}`, `a source that holds ${spec.holds} has no ${key}`);
    }
  }
}

/** The source columns a source names, each with the key path that names it. */
function namedColumns(name: string, spec: SourceSpec): [string, string][] {
  const path = `sources.${name}`;
  const out: [string, string][] = [[spec.asset.column, `${path}.asset`]];
  if (spec.time) out.push([spec.time.column, `${path}.time`]);
  for (const [sensor, column] of Object.entries(spec.sensors ?? {})) out.push([column, `${path}.sensors.${sensor}`]);
  for (const [attribute, column] of Object.entries(spec.attributes ?? {})) out.push([column, `${path}.attributes.${attribute}`]);
  if (spec.code) out.push([spec.code, `${path}.code`]);
  if (spec.component) out.push([spec.component, `${path}.component`]);
  if (spec.failure_flag) out.push([spec.failure_flag, `${path}.failure_flag`]);
  return out;
}

function checkColumns(name: string, spec: SourceSpec): void {
  const seen = new Map<string, string>();
  for (const [column, path] of namedColumns(name, spec)) {
    const key = columnNameOf(column);
    if (seen.has(key)) throw new FleetRuleError(path, `column "${column}" is already used by ${seen.get(key)}`);
    seen.set(key, path);
    const declared = spec.csv?.columns;
    if (declared && !declared.some((c) => columnNameOf(c) === key)) {
      throw new FleetRuleError(path, `column "${column}" is not among the declared csv.columns`);
    }
  }
  if (spec.format === 'parquet' && spec.csv) throw new FleetRuleError(`sources.${name}.csv`, 'a parquet source has no csv options');
}

function resolveSource(name: string, spec: SourceSpec, idType: 'integer' | 'text'): Source {
  checkRoles(name, spec);
  checkColumns(name, spec);
  if (spec.asset.prefix !== undefined && idType === 'integer') {
    throw new FleetRuleError(`sources.${name}.asset.prefix`, 'an id prefix needs text ids (asset_id: text)');
  }
  return {
    name,
    holds: spec.holds,
    patterns: spec.files,
    format: spec.format,
    csv: { delimiter: spec.csv?.delimiter ?? ',', header: spec.csv?.header ?? true, columns: spec.csv?.columns, quote: spec.csv?.quote ?? '"' },
    asset: { column: spec.asset.column, prefix: spec.asset.prefix },
    time: resolveTime(spec.time, `sources.${name}.time`),
    sensors: Object.entries(spec.sensors ?? {}),
    attributes: Object.entries(spec.attributes ?? {}),
    code: spec.code,
    component: spec.component,
    failureFlag: spec.failure_flag,
  };
}

function checkUniqueColumnNames(values: readonly string[], path: string): void {
  const seen = new Map<string, string>();
  values.forEach((value, i) => {
    const column = columnNameOf(value);
    const other = seen.get(column);
    if (other !== undefined) throw new FleetRuleError(`${path}.${i}`, `"${value}" and "${other}" would name the same column (${column})`);
    if (values.indexOf(value) !== i) throw new FleetRuleError(`${path}.${i}`, `"${value}" is listed twice`);
    seen.set(column, value);
  });
}

function checkSensors(file: FleetFile, sources: Source[]): void {
  const readings = sources.filter((s) => s.holds === 'readings');
  if (readings.length === 0) throw new FleetRuleError('sources', 'at least one source must hold readings');
  for (const source of readings) {
    for (const [sensor] of source.sensors) {
      if (!(sensor in file.sensors)) throw new FleetRuleError(`sources.${source.name}.sensors.${sensor}`, `sensor "${sensor}" is not declared under sensors`);
    }
  }
  for (const [sensor, spec] of Object.entries(file.sensors)) {
    const feeding = readings.filter((s) => s.sensors.some(([name]) => name === sensor));
    if (feeding.length === 0) throw new FleetRuleError(`sensors.${sensor}`, 'no readings source provides this sensor');
    const lacking = readings.find((s) => !feeding.includes(s));
    if (!spec.optional && lacking) {
      throw new FleetRuleError(`sensors.${sensor}`, `source ${lacking.name} does not provide this required sensor (declare it optional: true)`);
    }
  }
}

function checkAttributes(file: FleetFile, sources: Source[]): void {
  const declared = file.attributes ?? {};
  const providers = sources.filter((s) => s.attributes.length > 0);
  const kinds = new Set(providers.map((s) => s.holds));
  if (kinds.size > 1) throw new FleetRuleError('sources', 'attributes come from an attributes source or from readings, not both');
  if (providers.filter((s) => s.holds === 'attributes').length > 1) throw new FleetRuleError('sources', 'at most one source holds attributes');
  for (const source of providers) {
    for (const [attribute] of source.attributes) {
      if (!(attribute in declared)) throw new FleetRuleError(`sources.${source.name}.attributes.${attribute}`, `attribute "${attribute}" is not declared under attributes`);
    }
  }
  for (const attribute of Object.keys(declared)) {
    if (!providers.some((s) => s.attributes.some(([name]) => name === attribute))) throw new FleetRuleError(`attributes.${attribute}`, 'no source provides this attribute');
    if (attribute in file.sensors) throw new FleetRuleError(`attributes.${attribute}`, `"${attribute}" is also a sensor`);
    if (['machine_id', 'ts', 'label'].includes(attribute)) throw new FleetRuleError(`attributes.${attribute}`, `"${attribute}" is a reserved column name`);
  }
}

function resolveClasses(file: FleetFile, sources: Source[]): string[] {
  const needsComponents = sources.filter((s) => s.component !== undefined);
  if (needsComponents.length > 0 && !file.components) {
    throw new FleetRuleError(`sources.${needsComponents[0]?.name}.component`, 'components must be declared (components: [...]) for a component column');
  }
  const failureSources = sources.filter((s) => s.holds === 'failures');
  const withComponent = failureSources.filter((s) => s.component !== undefined);
  const flagged = sources.filter((s) => s.failureFlag !== undefined);
  if (withComponent.length > 0 && (withComponent.length < failureSources.length || flagged.length > 0)) {
    throw new FleetRuleError('sources', 'either every failure names its component, or none does (a failure flag names none)');
  }
  if (file.components) {
    if (file.components.some((c) => c.toLowerCase() === 'none')) throw new FleetRuleError('components', '"none" is the class of no failure, not a component');
    checkUniqueColumnNames(file.components, 'components');
  }
  return withComponent.length > 0 ? [...(file.components as string[])] : ['failure'];
}

function checkAlarms(file: FleetFile, sources: Source[]): void {
  const alarmSources = sources.filter((s) => s.holds === 'alarms');
  if (alarmSources.length > 0 && !file.alarms) throw new FleetRuleError('alarms', `source ${alarmSources[0]?.name} holds alarms: declare alarms (codes: [...] or open: true)`);
  if (alarmSources.length === 0 && file.alarms) throw new FleetRuleError('alarms', 'declared, but no source holds alarms');
  if (file.alarms?.codes) checkUniqueColumnNames(file.alarms.codes, 'alarms.codes');
}

function checkFeatures(file: FleetFile): void {
  const windows = file.features.windows ?? [];
  windows.forEach((w, i) => {
    if (windows.findIndex((o) => o.seconds === w.seconds) !== i) throw new FleetRuleError(`features.windows.${i}`, `${w.text} is the same window as an earlier one`);
  });
  const aggregates = file.features.aggregates ?? [];
  aggregates.forEach((a, i) => {
    if (aggregates.indexOf(a) !== i) throw new FleetRuleError(`features.aggregates.${i}`, `${a} is listed twice`);
  });
}

/** Resolves a schema-valid definition; throws FleetRuleError for a rule that spans parts of it. */
export function resolveFleet(file: FleetFile): Fleet {
  const sources = Object.entries(file.sources).map(([name, spec]) => resolveSource(name, spec, file.asset_id));
  checkSensors(file, sources);
  checkAttributes(file, sources);
  checkAlarms(file, sources);
  checkFeatures(file);
  const classes = resolveClasses(file, sources);
  const canonical = JSON.stringify(file);
  return {
    idType: file.asset_id,
    sensors: Object.entries(file.sensors).map(([name, spec]) => ({ name, ...spec })),
    attributes: Object.entries(file.attributes ?? {}).map(([name, spec]) => ({ name, ...spec })),
    alarms: file.alarms ? { codes: file.alarms.codes, open: file.alarms.open, top: file.alarms.top } : undefined,
    components: file.components ?? [],
    classes,
    features: {
      step: file.features.step ?? duration(DEFAULT_FEATURES.step),
      windows: file.features.windows ?? DEFAULT_FEATURES.windows.map(duration),
      aggregates: file.features.aggregates ?? ['mean', 'std'],
      alarmWindow: file.features.alarm_window ?? duration(DEFAULT_FEATURES.alarmWindow),
      horizon: file.label?.horizon ?? duration(DEFAULT_FEATURES.horizon),
    },
    sources,
    hasAssetTable: sources.some((s) => s.holds === 'attributes'),
    canonical,
    hash: createHash('sha256').update(canonical).digest('hex'),
  };
}

export const sourcesHolding = (fleet: Fleet, holds: SourceHolds): Source[] => fleet.sources.filter((s) => s.holds === holds);
