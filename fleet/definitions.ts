import type { Columns } from '../sql/catalog.js';
import type { LakeSession } from '../sql/duckdb.js';
import { timestampText } from '../sql/text.js';
import type { Fleet } from './fleet.js';
import { parseFleet } from './load.js';

/**
 * The lake keeps the fleet definition it is built under (docs/fleet.md, "The lake's definition"):
 * every version adopted, as the text it was given, in the table fleet_definitions. The newest is
 * the one every command uses; another is adopted only by `lakescore fleet apply`.
 */
export const FLEET_DEFINITIONS_COLUMNS: Columns = [
  ['version', 'INTEGER'],
  ['hash', 'VARCHAR'],
  ['text', 'VARCHAR'],
  ['origin', 'VARCHAR'],
  ['command', 'VARCHAR'],
  ['adopted_at', 'TIMESTAMP'],
];

/** A definition with the text it was read from and where that text came from (a path, or "built-in"). */
export interface FleetText {
  fleet: Fleet;
  text: string;
  origin: string;
}

export interface LakeDefinition extends FleetText {
  version: number;
  adoptedAt: Date;
}

export async function declareFleetTables(session: LakeSession): Promise<void> {
  await session.ensureTable('fleet_definitions', FLEET_DEFINITIONS_COLUMNS);
}

/** The definition the lake is built under, or undefined for a lake that has none recorded yet. */
export async function lakeDefinition(session: LakeSession): Promise<LakeDefinition | undefined> {
  await declareFleetTables(session);
  const [row] = await session.queryFile('fleet', 'lake_definition.sql');
  if (!row) return undefined;
  const version = Number(row.version);
  const text = String(row.text);
  return {
    version,
    text,
    origin: String(row.origin),
    adoptedAt: row.adopted_at as Date,
    fleet: parseFleet(text, `the lake's fleet definition (version ${version}, from ${String(row.origin)})`),
  };
}

/**
 * Records `given` as the lake's next definition version: published now, or with `staged` by the
 * command's own first commit (a command that fails then records nothing).
 */
export async function recordDefinition(session: LakeSession, given: FleetText, command: string, staged = false): Promise<number> {
  await declareFleetTables(session);
  const version = (session.catalog.counters.fleet_definition ?? 0) + 1;
  const file = `fleet/definitions-${String(version).padStart(6, '0')}-${session.writerId}.parquet`;
  await session.runFile('fleet', 'record_definition.sql', {
    out: session.dataFile(file),
    version,
    hash: given.fleet.hash,
    text: given.text,
    origin: given.origin,
    command,
    adopted_at: timestampText(new Date()),
  });
  const changes = { tables: { fleet_definitions: { files: [file], columns: FLEET_DEFINITIONS_COLUMNS } }, counters: { fleet_definition: version } };
  if (staged) session.stageForNextCommit(changes);
  else await session.commit(changes);
  return version;
}
