import type { Fleet } from '../fleet/fleet.js';
import type { Columns } from '../sql/catalog.js';
import type { LakeSession } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';
import { featureParamsSchema, fleetParams, goldColumns, type FeatureParams } from './params.js';

export const GOLD_BUILDS_COLUMNS: Columns = [
  ['build_id', 'BIGINT'],
  ['from_ts', 'TIMESTAMP'],
  ['to_ts', 'TIMESTAMP'],
  ['step_hours', 'DOUBLE'],
  ['windows_hours', 'VARCHAR'],
  ['horizon_hours', 'DOUBLE'],
  ['label_cutoff', 'TIMESTAMP'],
  ['row_count', 'BIGINT'],
  ['input_rows', 'BIGINT'],
  ['input_fingerprint', 'VARCHAR'],
  ['silver_build_id', 'BIGINT'],
  ['months', 'VARCHAR'],
  ['started_at', 'TIMESTAMP'],
  ['finished_at', 'TIMESTAMP'],
  ['duration_s', 'DOUBLE'],
  ['features', 'VARCHAR'],
  ['fleet_hash', 'VARCHAR'],
  ['fleet_definition', 'VARCHAR'],
];

const columnText = (columns: Columns): string => columns.map(([name, type]) => `${name} ${type}`).join(', ');

/** The first column that one list has and the other lacks or types differently, for the message. */
function firstColumnDifference(existing: Columns, wanted: Columns): string {
  const have = new Map(existing.map(([name, type]) => [name, type]));
  const want = new Map(wanted.map(([name, type]) => [name, type]));
  const added = wanted.find(([name, type]) => have.get(name) !== type);
  if (added) return `column ${added[0]} ${added[1]} is ${have.has(added[0]) ? `${have.get(added[0])} in gold` : 'not in gold'}`;
  const dropped = existing.find(([name]) => !want.has(name));
  return dropped ? `gold has column ${dropped[0]}, which this definition does not` : 'the columns are in another order';
}

/**
 * How the gold in the lake differs from the columns this fleet and these parameters make (the
 * first difference, for a message), or undefined when they are the same.
 */
export function goldColumnsDiffer(session: LakeSession, fleet: Fleet, params: FeatureParams): string | undefined {
  const existing = session.catalog.tables.gold_features?.columns;
  if (!existing || session.filesOf('gold_features').length === 0) return undefined;
  const wanted = goldColumns(fleet, params);
  return columnText(existing) === columnText(wanted) ? undefined : firstColumnDifference(existing, wanted);
}

/** Makes the gold tables queryable, empty until the first build (with the fleet's default columns). */
export async function declareGoldTables(session: LakeSession, fleet: Fleet): Promise<void> {
  await session.ensureTable('gold_features', goldColumns(fleet, fleetParams(fleet)));
  await session.ensureTable('gold_builds', GOLD_BUILDS_COLUMNS);
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Feature parameters as a build stored them, checked as stored data is. */
function storedParams(features: unknown): FeatureParams {
  const parsed = featureParamsSchema.safeParse(typeof features === 'string' ? parseJson(features) : undefined);
  if (!parsed.success) {
    throw new InputError('gold was built by an earlier lakescore that did not record its features: rebuild it with `lakescore build gold --reset`');
  }
  return parsed.data;
}

/**
 * The newest gold build's definition hash and, read only when asked (a build under another
 * definition is replaced whatever it stored), its feature parameters.
 */
export async function lastGoldBuild(session: LakeSession): Promise<{ fleetHash: string; params: () => FeatureParams } | undefined> {
  const [row] = await session.queryFile('gold', 'last_params.sql');
  return row ? { fleetHash: String(row.fleet_hash), params: () => storedParams(row.features) } : undefined;
}

/** The feature parameters of the newest gold build, if there is one. */
export async function lastBuildParams(session: LakeSession): Promise<FeatureParams | undefined> {
  return (await lastGoldBuild(session))?.params();
}

/** The feature parameters gold was last built with (the fleet's defaults before the first build). */
export async function currentGoldParams(session: LakeSession, fleet: Fleet): Promise<FeatureParams> {
  await declareGoldTables(session, fleet);
  return (await lastBuildParams(session)) ?? fleetParams(fleet);
}
