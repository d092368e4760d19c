import { accessSync, constants, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { catalogFile } from './catalog.js';
import { diskFullError, InputError } from './errors.js';

/**
 * What makes a directory a lake: its `_catalog` directory (docs/lake.md, "A lake and other
 * directories"). A command that writes works only in a lake, so a wrong --lake never writes into,
 * or vacuums, a directory of the user's own files; the commands a lake starts with make one, but
 * only in a directory that is new or empty.
 */

const catalogDirectory = (dir: string): string => dirname(catalogFile(dir, 0));

/** Whether `dir` is a lake: it has the catalog directory a new lake is given first. */
export function isLake(dir: string): boolean {
  try {
    return statSync(catalogDirectory(dir)).isDirectory();
  } catch {
    return false;
  }
}

const SET_LAKE = 'set --lake or LAKESCORE_LAKE';

/** The first line of a Node file-system error, without the path it repeats: `EROFS: read-only file system`. */
const systemReason = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split(',')[0] ?? '';

/** mkdir(2) of one directory; another writer making it at the same moment is no failure. */
function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * Creates `dir` inside the lake, and the lake, if they are missing (missing parents one at a time:
 * Node's recursive mkdir never returns under /proc), and refuses with one line a lake that cannot
 * be created or written.
 */
export function prepareLakeDirectory(lake: string, dir = lake): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  try {
    for (const d of missing) makeDirectory(d);
  } catch (err) {
    throw diskFullError(err, lake) ?? new InputError(`lake ${lake} cannot be ${existsSync(lake) ? 'written' : 'created'}: ${systemReason(err)}`);
  }
  try {
    accessSync(lake, constants.W_OK);
  } catch (err) {
    throw new InputError(`lake ${lake} cannot be written: ${systemReason(err)}`);
  }
}

/**
 * Checks that a writer may work in `dir`: a lake, or, for a command that starts lakes, a new or
 * empty directory, which it makes a lake now (before its lock file is the first thing in it).
 */
export function requireLake(dir: string, startsLake: boolean): void {
  if (isLake(dir)) return;
  if (!existsSync(dir)) {
    if (!startsLake) throw new InputError(`no lake at ${dir} (${SET_LAKE})`);
  } else if (!statSync(dir).isDirectory()) {
    throw new InputError(`${dir} is a file, not a lake directory (${SET_LAKE})`);
  } else if (!startsLake) {
    throw new InputError(`${dir} is not a lake: it has no _catalog (${SET_LAKE})`);
  } else if (readdirSync(dir).length > 0) {
    throw new InputError(`${dir} is not a lake (it has no _catalog) and not empty: a new lake starts only in a new or empty directory (${SET_LAKE})`);
  }
  prepareLakeDirectory(dir, catalogDirectory(dir));
}
