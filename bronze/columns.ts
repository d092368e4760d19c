import type { Source } from '../fleet/fleet.js';
import { columnNameOf } from '../fleet/names.js';

/** A column a source names: as spelled in the definition, and as bronze stores it. */
export interface NamedColumn {
  source: string;
  bronze: string;
}

/**
 * The columns a source's files must have, in bronze's order (time, asset, then the columns of
 * each role). Bronze names are the source names as SQL column names (`machineID` -> `machineid`).
 */
export const namedColumns = (source: Source): NamedColumn[] => source.columns.map((name) => ({ source: name, bronze: columnNameOf(name) }));
