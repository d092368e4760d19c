import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { catalogFile } from './catalog.js';
import { InputError } from './errors.js';

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
  mkdirSync(catalogDirectory(dir), { recursive: true });
}
