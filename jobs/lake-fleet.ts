import { relative } from 'node:path';
import { lakeDefinition, recordDefinition, type FleetText, type LakeDefinition } from '../fleet/definitions.js';
import { fleetDifference, type FleetDifference } from '../fleet/difference.js';
import type { Fleet } from '../fleet/fleet.js';
import { builtInFleetText } from '../fleet/load.js';
import { lastSilverBuild } from '../silver/build.js';
import { SILVER_BUILDS_COLUMNS } from '../silver/tables.js';
import type { LakeSession } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';

/**
 * Which fleet definition a command works under (docs/fleet.md, "The lake's definition"): the
 * lake's own once it has one; a different one given by --fleet, the environment or
 * ./lakescore.yaml is refused, naming what differs, until `lakescore fleet apply` adopts it. A new
 * lake adopts the definition given, or the built-in one, with its first write.
 */

const shown = (origin: string): string => {
  if (origin === 'built-in') return 'the built-in definition';
  const near = relative(process.cwd(), origin);
  return near.startsWith('..') ? origin : near;
};

/** The hash of the definition the newest silver was built under, for a lake that recorded none. */
async function silverFleetHash(session: LakeSession): Promise<string | undefined> {
  await session.ensureTable('silver_builds', SILVER_BUILDS_COLUMNS);
  return (await lastSilverBuild(session))?.fleetHash;
}

function refuseOther(given: FleetText, lake: LakeDefinition): never {
  const { parts } = fleetDifference(lake.fleet, given.fleet);
  throw new InputError(
    `${shown(given.origin)} is not the lake's fleet definition (version ${lake.version}, from ${shown(lake.origin)}): ${parts.join('; ')}. ` +
      `Adopt it with \`lakescore fleet apply ${shown(given.origin)}\`, which says what must be rebuilt, or leave it out to use the lake's`,
  );
}

/** The definition a lake with none recorded is taken to be built under: refused when its silver says otherwise. */
async function adoptedByNewLake(session: LakeSession, given: FleetText | undefined): Promise<FleetText> {
  const adopted = given ?? builtInFleetText();
  const built = await silverFleetHash(session);
  if (built !== undefined && built !== adopted.fleet.hash) {
    throw new InputError(
      `the lake's silver was built under another fleet definition than ${shown(adopted.origin)}, and the lake has none recorded: ` +
        `give that definition with --fleet, or adopt this one with \`lakescore fleet apply FILE\``,
    );
  }
  return adopted;
}

/** The fleet a reading command works under; it records nothing. */
export async function readingFleet(session: LakeSession, given: FleetText | undefined): Promise<Fleet> {
  const lake = await lakeDefinition(session);
  if (lake && given && given.fleet.hash !== lake.fleet.hash) refuseOther(given, lake);
  // the same definition may still map exports differently: the given text wins there
  return (given ?? lake ?? (await adoptedByNewLake(session, given))).fleet;
}

/**
 * The fleet a writing command works under. A lake without a recorded definition records the one
 * it adopts with the command's first commit, so a command that fails (a first ingest whose every
 * file is rejected) pins no definition.
 */
export async function writingFleet(session: LakeSession, given: FleetText | undefined, command: string): Promise<Fleet> {
  const lake = await lakeDefinition(session);
  if (lake) {
    if (given && given.fleet.hash !== lake.fleet.hash) refuseOther(given, lake);
    return (given ?? lake).fleet;
  }
  const adopted = await adoptedByNewLake(session, given);
  await recordDefinition(session, adopted, command, true);
  return adopted.fleet;
}

/** The fleet of a command that only looks after the lake (restore, vacuum, promote): the lake's, never refused, never recorded. */
export async function caretakerFleet(session: LakeSession, given: FleetText | undefined): Promise<Fleet> {
  return ((await lakeDefinition(session)) ?? given ?? builtInFleetText()).fleet;
}

export interface Adoption {
  /** The new version, or undefined when the lake already had exactly this definition. */
  version: number | undefined;
  previous: LakeDefinition | undefined;
  difference: FleetDifference | undefined;
}

/** `lakescore fleet apply`: makes `given` the lake's definition, as one commit. */
export async function adoptDefinition(session: LakeSession, given: FleetText): Promise<Adoption> {
  // apply is the way out when the lake's definition no longer reads (rules a later release tightened)
  const previous = await lakeDefinition(session).catch((err: unknown) => {
    if (err instanceof InputError) return undefined;
    throw err;
  });
  const difference = previous ? fleetDifference(previous.fleet, given.fleet) : undefined;
  if (previous && previous.fleet.hash === given.fleet.hash && previous.text === given.text) return { version: undefined, previous, difference };
  const version = await recordDefinition(session, given, 'fleet apply');
  return { version, previous, difference };
}
