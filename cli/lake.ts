import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Fleet } from '../fleet/fleet.js';
import { loadFleet } from '../fleet/load.js';
import { InputError } from '../sql/errors.js';

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/** The --lake directory, from the root command's options (flag, env, default in that order). */
export function lakeDir(command: Command): string {
  const given = String(rootOf(command).opts().lake ?? '');
  // an empty value would silently make the working directory the lake
  if (given.trim() === '') throw new InputError('--lake (or LAKESCORE_LAKE) is empty: name the lake directory');
  return resolve(given);
}

/** The fleet definition: --fleet, LAKESCORE_FLEET, ./lakescore.yaml, or the built-in one. */
export function fleetOf(command: Command): Fleet {
  const given = rootOf(command).opts().fleet as string | undefined;
  return loadFleet(given);
}
