import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { excerpt, InputError } from './errors.js';

/**
 * Where a write to `path` really lands: its existing part with every symbolic link followed, so
 * that no link (to the lake, or to a directory in it) hides where a file would go.
 */
function landingPath(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(landingPath(parent), basename(absolute));
}

function isInside(directory: string, path: string): boolean {
  const rel = relative(landingPath(directory), landingPath(path));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Refuses an output path the user names (`--out`) that lies in the lake directory, when a command
 * has one (init and simulate work without): only commits
 * write there, and a file put there by hand could replace results that cannot be computed again,
 * or take the name the next catalog version needs (docs/lake.md, "Output files").
 */
export function checkOutsideLake(lake: string | undefined, given: string): string {
  if (lake !== undefined && isInside(lake, given)) throw new InputError(`--out: ${excerpt(given)} is inside the lake ${lake}; write it outside the lake directory`);
  return resolve(given);
}

/**
 * Checks a file a command writes where the user says (`--out`) before anything is written, and
 * returns its absolute path: outside the lake, in a directory that exists, not itself a
 * directory or a device, and not an existing file unless `force` (as `init` does).
 */
export function checkedOutputFile(lake: string | undefined, given: string, force: boolean): string {
  const out = checkOutsideLake(lake, given);
  const name = `--out: ${excerpt(given)}`;
  if (existsSync(out) && statSync(out).isDirectory()) throw new InputError(`${name} is a directory; name a file`);
  if (existsSync(out) && !statSync(out).isFile()) throw new InputError(`${name} is not a regular file`);
  const parent = dirname(out);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new InputError(`--out: no directory ${parent}`);
  if (!force && existsSync(out)) throw new InputError(`${name} already exists (use --force to overwrite it)`);
  return out;
}
