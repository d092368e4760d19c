import type { Fleet } from './fleet.js';
import { describeRegimes, type RegimeSpec } from './regimes.js';

/**
 * How one fleet definition differs from another, part by part, in words a user can act on. Any
 * difference makes silver and gold stale: silver is keyed on the whole definition (a failure
 * flag's time even depends on the features' step).
 */
export interface FleetDifference {
  /** e.g. "sensors: +s4, -s2", "features: step 12h -> 1d"; empty when the definitions are the same. */
  parts: string[];
  rebuild: boolean;
}

const text = (value: unknown): string => JSON.stringify(value) ?? 'none';
const regimeText = (regimes: RegimeSpec | undefined): string => (regimes ? describeRegimes(regimes) : 'none');

/** Names added (+), removed (-) and changed (~) between two sets of named things. */
function namedChanges<T>(label: string, before: Map<string, T>, after: Map<string, T>): string | undefined {
  const added = [...after.keys()].filter((name) => !before.has(name)).map((name) => `+${name}`);
  const removed = [...before.keys()].filter((name) => !after.has(name)).map((name) => `-${name}`);
  const changed = [...after.keys()].filter((name) => before.has(name) && text(before.get(name)) !== text(after.get(name))).map((name) => `~${name}`);
  const all = [...added, ...removed, ...changed];
  return all.length > 0 ? `${label}: ${all.join(', ')}` : undefined;
}

/** A value that changed as a whole: "label before -> after". */
function valueChange(label: string, before: unknown, after: unknown): string | undefined {
  const describe = (v: unknown): string => (Array.isArray(v) ? v.map(describe).join(',') || 'none' : typeof v === 'object' && v !== null && 'text' in v ? String(v.text) : typeof v === 'string' ? v : text(v));
  return text(before) === text(after) ? undefined : `${label} ${describe(before)} -> ${describe(after)}`;
}

const byName = <T extends { name: string }>(items: T[]): Map<string, T> => new Map(items.map((item) => [item.name, item]));

function silverParts(before: Fleet, after: Fleet): string[] {
  return [
    valueChange('asset ids:', before.idType, after.idType),
    namedChanges('sources', byName(before.sources), byName(after.sources)),
    namedChanges('sensors', byName(before.sensors), byName(after.sensors)),
    namedChanges('attributes', byName(before.attributes), byName(after.attributes)),
    valueChange('alarms:', before.alarms, after.alarms),
    valueChange('classes:', before.classes, after.classes),
  ].filter((part): part is string => part !== undefined);
}

function featureParts(before: Fleet, after: Fleet): string[] {
  const changes = [
    valueChange('step', before.features.step, after.features.step),
    valueChange('windows', before.features.windows, after.features.windows),
    valueChange('aggregates', before.features.aggregates, after.features.aggregates),
    valueChange('windows\' own aggregates', before.features.byWindow, after.features.byWindow),
    valueChange('age', before.features.age, after.features.age),
    valueChange('alarm window', before.features.alarmWindow, after.features.alarmWindow),
    valueChange('horizon', before.features.horizon, after.features.horizon),
  ].filter((part): part is string => part !== undefined);
  const regimes = text(before.regimes) === text(after.regimes) ? undefined : `regimes: ${regimeText(before.regimes)} -> ${regimeText(after.regimes)}`;
  return [...(changes.length > 0 ? [`features: ${changes.join(', ')}`] : []), ...(regimes ? [regimes] : [])];
}

export function fleetDifference(before: Fleet, after: Fleet): FleetDifference {
  const silver = silverParts(before, after);
  const features = featureParts(before, after);
  // a change the parts above do not name (a column's format, a file pattern's case) still changes how files are read
  const other = silver.length === 0 && features.length === 0 && before.hash !== after.hash ? ['sources: how their files are read'] : [];
  return { parts: [...silver, ...other, ...features], rebuild: before.hash !== after.hash };
}
