import type { Source } from '../fleet/fleet.js';
import { columnNameOf } from '../fleet/names.js';

/** A column a source names: as spelled in the definition, and as bronze stores it. */
export interface NamedColumn {
  source: string;
  bronze: string;
}

/**
 * The columns a source's files must have, in bronze's order: time, asset, then the columns of
 * each role. Bronze names are the source names as SQL column names (`machineID` -> `machineid`).
 */
export function namedColumns(source: Source): NamedColumn[] {
  const names = [
    ...(source.time ? [source.time.column] : []),
    source.asset.column,
    ...source.sensors.map(([, column]) => column),
    ...source.attributes.map(([, column]) => column),
    ...(source.code ? [source.code] : []),
    ...(source.component ? [source.component] : []),
    ...(source.failureFlag ? [source.failureFlag] : []),
  ];
  return names.map((name) => ({ source: name, bronze: columnNameOf(name) }));
}
