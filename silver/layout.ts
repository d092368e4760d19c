import type { Fleet } from '../fleet/fleet.js';
import type { Catalog } from '../sql/catalog.js';
import { partitionDir, partitionOf, WHOLE_TABLE } from '../sql/partitions.js';
import { SILVER_TABLES, type SilverTable } from './fields.js';
import { silverColumns, silverTable } from './tables.js';

/**
 * Where a silver build puts its files, and which files of the previous state a build replaces.
 * Tables with a time are partitioned by day, or by month once the month settled
 * (`.../<table>/_part=2015-03-04/data_0.parquet`, sql/partitions.ts), so a build rewrites only the
 * partitions its new rows touch; the asset table is one file, rebuilt whole. Duplicates follow
 * their table's partitions; quarantined rows are settled (one file per table and build, never
 * rewritten) or parked as unknown_machine (one file per table, rewritten when it changes).
 */

/** How long after a month's end, by a table's newest row, its days are merged into one file. */
export const SILVER_SETTLE_SECONDS = 7 * 86_400;

export const winnersDir = (dir: string, table: SilverTable): string => `${dir}/${table}`;
export const duplicatesDir = (dir: string, table: SilverTable): string => `${dir}/duplicates-${table}`;
export const settledFile = (dir: string, table: SilverTable): string => `${dir}/quarantine-${table}.parquet`;
/** The asset table derived from readings: one file of the build. */
export const machinesFile = (dir: string): string => `${partitionDir(winnersDir(dir, 'machines'), WHOLE_TABLE)}/data_0.parquet`;
export const parkedFile = (dir: string, table: SilverTable): string => `${dir}/quarantine-${table}-parked.parquet`;

const ownedBy = (file: string, table: SilverTable): boolean =>
  new RegExp(`/(${table}|duplicates-${table})/_part=|/quarantine-${table}(-parked)?\\.parquet$`).test(file);

export const isParked = (file: string): boolean => file.endsWith('-parked.parquet');

/** The previous build's files, when they are laid out as this code writes them (a lake built before keeps none). */
export interface PreviousFiles {
  winners: (table: SilverTable) => string[];
  duplicates: (table: SilverTable) => string[];
  quarantine: (table: SilverTable) => string[];
}

/** Whether every silver table the catalog has holds the columns this code writes for the fleet. */
function sameShape(catalog: Catalog, fleet: Fleet): boolean {
  return SILVER_TABLES.every((t) => {
    const entry = catalog.tables[silverTable(t)];
    return entry === undefined || JSON.stringify(entry.columns) === JSON.stringify(silverColumns(fleet, t));
  });
}

export function previousFiles(catalog: Catalog, fleet: Fleet): PreviousFiles | undefined {
  const filesOf = (name: string): string[] => catalog.tables[name]?.files ?? [];
  const layoutKnown =
    sameShape(catalog, fleet) &&
    filesOf('silver_quarantine').every((f) => /\/quarantine-[a-z]+(-parked)?\.parquet$/.test(f)) &&
    filesOf('silver_duplicates').every((f) => partitionOf(f) !== undefined) &&
    SILVER_TABLES.every((t) => filesOf(silverTable(t)).every((f) => partitionOf(f) !== undefined));
  if (!layoutKnown) return undefined;
  return {
    winners: (table) => filesOf(silverTable(table)),
    duplicates: (table) => filesOf('silver_duplicates').filter((f) => ownedBy(f, table)),
    quarantine: (table) => filesOf('silver_quarantine').filter((f) => ownedBy(f, table)),
  };
}
