import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { FleetText } from '../fleet/definitions.js';
import type { Fleet } from '../fleet/fleet.js';
import { givenFleet } from '../fleet/load.js';
import { failInterruptedExports } from '../deliver/exports.js';
import { caretakerFleet, readingFleet, writingFleet } from '../jobs/lake-fleet.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { failInterruptedRuns } from '../ml/score.js';
import { LakeSession } from '../sql/duckdb.js';
import { retainedVersion } from '../sql/history.js';
import { InputError } from '../sql/errors.js';
import { requireLake } from '../sql/lake-dir.js';

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/** The --lake directory, from the root command's options (flag, env, default in that order), if one is named. */
export function namedLake(command: Command): string | undefined {
  const given = String(rootOf(command).opts().lake ?? '');
  return given.trim() === '' ? undefined : resolve(given);
}

/** The --lake directory a command works on. */
export function lakeDir(command: Command): string {
  const lake = namedLake(command);
  // an empty value would silently make the working directory the lake
  if (lake === undefined) throw new InputError('--lake (or LAKESCORE_LAKE) is empty: name the lake directory');
  return lake;
}

/** The engine's memory limit: --memory-limit, LAKESCORE_MEMORY_LIMIT, or the session's default. */
function memoryLimitOf(command: Command): { memoryLimit?: string } {
  const given = rootOf(command).opts().memoryLimit as string | undefined;
  return given === undefined ? {} : { memoryLimit: given };
}

/**
 * Runs a reading command on a snapshot of the lake, the newest or the one `asOf` names; it takes
 * no lock and never waits.
 */
export function asReader<T>(command: Command, asOf: number | Date | undefined, fn: (session: LakeSession) => Promise<T>): Promise<T> {
  const lake = lakeDir(command);
  const version = asOf === undefined ? {} : { asOf: retainedVersion(lake, asOf) };
  return LakeSession.using(lake, { ...memoryLimitOf(command), ...version }, fn);
}

/** A reading command that works under the lake's fleet definition (jobs/lake-fleet.ts), with every table declared. */
export function asFleetReader<T>(command: Command, asOf: number | Date | undefined, fn: (session: LakeSession, fleet: Fleet) => Promise<T>): Promise<T> {
  const given = fleetGiven(command);
  return asReader(command, asOf, async (session) => {
    const fleet = await readingFleet(session, given);
    await declareAllTables(session, fleet);
    return fn(session, fleet);
  });
}

/** The writing commands a lake's life may begin with: they make a new or empty directory a lake. */
const STARTS_LAKE: ReadonlySet<string> = new Set(['ingest', 'run', 'fleet apply']);

/**
 * A session holding the lake's writer lock, and nothing more prepared. Every other writer needs
 * a lake there already (sql/lake-dir.ts).
 */
export function asLockHolder<T>(command: Command, label: string, waitSeconds: number, fn: (session: LakeSession) => Promise<T>, preferredMemoryMiB?: number): Promise<T> {
  const memory = { ...(preferredMemoryMiB === undefined ? {} : { preferredMemoryMiB }), ...memoryLimitOf(command) };
  const lake = lakeDir(command);
  requireLake(lake, STARTS_LAKE.has(label));
  return LakeSession.using(lake, { write: { command: label, waitSeconds }, ...memory }, fn);
}

/**
 * Runs a writing command with the lake's writer lock, under the lake's fleet definition. Holding
 * the lock proves no other writer runs, so scoring runs and exports still marked running belong
 * to a dead process: every writer marks them failed.
 */
export function asWriter<T>(command: Command, label: string, waitSeconds: number, fn: (session: LakeSession, fleet: Fleet) => Promise<T>, preferredMemoryMiB?: number): Promise<T> {
  const given = fleetGiven(command);
  return writer(command, label, waitSeconds, (session) => writingFleet(session, given, label), fn, preferredMemoryMiB);
}

/**
 * A writer that looks after the lake as it is (restore, vacuum, models promote): it works under
 * the lake's definition whatever definition is given, so a changed ./lakescore.yaml cannot keep
 * a user from restoring the version before it.
 */
export function asCaretaker<T>(command: Command, label: string, waitSeconds: number, fn: (session: LakeSession, fleet: Fleet) => Promise<T>): Promise<T> {
  const given = fleetGiven(command);
  return writer(command, label, waitSeconds, (session) => caretakerFleet(session, given), fn);
}

function writer<T>(
  command: Command,
  label: string,
  waitSeconds: number,
  fleetOf: (session: LakeSession) => Promise<Fleet>,
  fn: (session: LakeSession, fleet: Fleet) => Promise<T>,
  preferredMemoryMiB?: number,
): Promise<T> {
  return asLockHolder(
    command,
    label,
    waitSeconds,
    async (session) => {
      const fleet = await fleetOf(session);
      await declareAllTables(session, fleet);
      session.refreshViewsFile();
      const marked = await failInterruptedRuns(session, fleet);
      if (marked > 0) process.stderr.write(`lakescore: marked ${marked} interrupted scoring run(s) failed\n`);
      const exports = await failInterruptedExports(session);
      if (exports > 0) process.stderr.write(`lakescore: marked ${exports} interrupted export(s) failed\n`);
      return fn(session, fleet);
    },
    preferredMemoryMiB,
  );
}

/** The fleet definition given: --fleet, LAKESCORE_FLEET or ./lakescore.yaml; undefined when none is. */
export function fleetGiven(command: Command): FleetText | undefined {
  return givenFleet(rootOf(command).opts().fleet as string | undefined);
}
