import { columnNameOf } from './names.js';
import type { Source, TimeSpec } from './fleet.js';
import { FleetRuleError } from './fleet-rules.js';
import type { SourceHolds, SourceSpec } from './schema.js';

/** The rules of one source: its roles, its columns, its time; and the Source they resolve to. */

/** The datetime forms read without a declared format (docs/tables.md#sources), as strptime formats. */
export const DEFAULT_TIME_FORMATS = ['%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%SZ', '%m/%d/%Y %I:%M:%S %p'];

const STRPTIME_SPECIFIER = /%(-?[aAwdbBmyYHIpMSgfnzZjUWcxX]|%)/g;

function checkFormat(format: string, path: string): void {
  const rest = format.replace(STRPTIME_SPECIFIER, '');
  if (rest.includes('%')) throw new FleetRuleError(path, `"${format}" has an unknown % specifier (use strptime ones such as %Y %m %d %H %M %S)`);
}

function resolveTime(spec: SourceSpec['time'], path: string): TimeSpec | undefined {
  if (!spec) return undefined;
  if ('counter' in spec && spec.counter) {
    return { kind: 'counter', column: spec.column, origin: spec.counter.origin, unitSeconds: spec.counter.unit.seconds };
  }
  const format = 'format' in spec ? spec.format : undefined;
  const formats = format === undefined ? DEFAULT_TIME_FORMATS : typeof format === 'string' ? [format] : format;
  formats.forEach((f, i) => checkFormat(f, `${path}.format${typeof format === 'string' ? '' : `.${i}`}`));
  const zone = 'zone' in spec ? spec.zone : undefined;
  if (zone !== undefined && formats.some((f) => /%-?[zZ]/.test(f))) {
    throw new FleetRuleError(`${path}.zone`, 'a format with its own offset (%z, %Z) needs no zone: give one or the other');
  }
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

/** The source columns a source names, in bronze's order (time, asset, then each role), each with the key path that names it. */
function namedColumns(name: string, spec: SourceSpec): [string, string][] {
  const path = `sources.${name}`;
  const out: [string, string][] = [];
  if (spec.time) out.push([spec.time.column, `${path}.time`]);
  out.push([spec.asset.column, `${path}.asset`]);
  for (const [sensor, column] of Object.entries(spec.sensors ?? {})) out.push([column, `${path}.sensors.${sensor}`]);
  for (const [attribute, column] of Object.entries(spec.attributes ?? {})) out.push([column, `${path}.attributes.${attribute}`]);
  if (spec.code) out.push([spec.code, `${path}.code`]);
  if (spec.component) out.push([spec.component, `${path}.component`]);
  if (spec.failure_flag) out.push([spec.failure_flag.column, `${path}.failure_flag`]);
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

export function resolveSource(name: string, spec: SourceSpec, idType: 'integer' | 'text'): Source {
  checkRoles(name, spec);
  checkColumns(name, spec);
  if (spec.asset.prefix !== undefined && idType === 'integer') {
    throw new FleetRuleError(`sources.${name}.asset.prefix`, 'an id prefix needs text ids (asset_id: text)');
  }
  return {
    name,
    holds: spec.holds,
    columns: namedColumns(name, spec).map(([column]) => column),
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
