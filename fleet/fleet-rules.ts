import { parseDuration, type Duration } from './duration.js';
import type { Source } from './fleet.js';
import { columnPartOf, RESERVED_COLUMNS } from './names.js';
import type { FleetFile } from './schema.js';

/** The rules that relate one part of a definition to another (a source naming an undeclared sensor). */

/** A definition that is well-formed but inconsistent; `path` is the key path it is about. */
export class FleetRuleError extends Error {
  constructor(readonly path: string, reason: string) {
    super(reason);
  }
}

function checkUniqueColumnNames(values: readonly string[], path: string): void {
  const seen = new Map<string, string>();
  values.forEach((value, i) => {
    const column = columnPartOf(value);
    const other = seen.get(column);
    if (other !== undefined) throw new FleetRuleError(`${path}.${i}`, `"${value}" and "${other}" would name the same column (${column})`);
    if (values.indexOf(value) !== i) throw new FleetRuleError(`${path}.${i}`, `"${value}" is listed twice`);
    seen.set(column, value);
  });
}

export function checkSensors(file: FleetFile, sources: Source[]): void {
  const readings = sources.filter((s) => s.holds === 'readings');
  if (readings.length === 0) throw new FleetRuleError('sources', 'at least one source must hold readings');
  for (const source of readings) {
    for (const [sensor] of source.sensors) {
      if (!(sensor in file.sensors)) throw new FleetRuleError(`sources.${source.name}.sensors.${sensor}`, `sensor "${sensor}" is not declared under sensors`);
    }
  }
  for (const [sensor, spec] of Object.entries(file.sensors)) {
    if (RESERVED_COLUMNS.has(sensor)) throw new FleetRuleError(`sensors.${sensor}`, `"${sensor}" is a column lakescore uses itself: choose another name`);
    const feeding = readings.filter((s) => s.sensors.some(([name]) => name === sensor));
    if (feeding.length === 0) throw new FleetRuleError(`sensors.${sensor}`, 'no readings source provides this sensor');
    const lacking = readings.find((s) => !feeding.includes(s));
    if (!spec.optional && lacking) {
      throw new FleetRuleError(`sensors.${sensor}`, `source ${lacking.name} does not provide this required sensor (declare it optional: true)`);
    }
  }
}

export function checkAttributes(file: FleetFile, sources: Source[]): void {
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
    if (RESERVED_COLUMNS.has(attribute)) throw new FleetRuleError(`attributes.${attribute}`, `"${attribute}" is a column lakescore uses itself: choose another name`);
  }
}

export function resolveClasses(file: FleetFile, sources: Source[]): string[] {
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
    if (file.components.some((c) => columnPartOf(c) === 'none')) throw new FleetRuleError('components', '"none" is the class of no failure, not a component');
    checkUniqueColumnNames(file.components, 'components');
  }
  return withComponent.length > 0 ? [...(file.components as string[])] : ['failure'];
}

export function checkAlarms(file: FleetFile, sources: Source[]): void {
  const alarmSources = sources.filter((s) => s.holds === 'alarms');
  if (alarmSources.length > 0 && !file.alarms) throw new FleetRuleError('alarms', `source ${alarmSources[0]?.name} holds alarms: declare alarms (codes: [...] or open: true)`);
  if (alarmSources.length === 0 && file.alarms) throw new FleetRuleError('alarms', 'declared, but no source holds alarms');
  if (file.alarms?.codes) checkUniqueColumnNames(file.alarms.codes, 'alarms.codes');
}

function checkDistinctAggregates(aggregates: readonly string[], path: string): void {
  aggregates.forEach((a, i) => {
    if (aggregates.indexOf(a) !== i) throw new FleetRuleError(`${path}.${i}`, `${a} is listed twice`);
  });
}

export function checkFeatures(file: FleetFile): void {
  const declared = file.features.windows ?? [];
  const windows = Array.isArray(declared) ? declared.map((w, i) => ({ w, path: String(i) })) : Object.keys(declared).map((key) => ({ w: parseDuration(key) as Duration, path: key }));
  windows.forEach(({ w, path }, i) => {
    if (windows.findIndex((o) => o.w.seconds === w.seconds) !== i) throw new FleetRuleError(`features.windows.${path}`, `${w.text} is the same window as an earlier one`);
  });
  checkDistinctAggregates(file.features.aggregates ?? [], 'features.aggregates');
  if (!Array.isArray(declared)) {
    for (const [key, own] of Object.entries(declared)) checkDistinctAggregates(own ?? [], `features.windows.${key}`);
  }
}
