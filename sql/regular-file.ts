import { closeSync, constants, fstatSync, openSync, statSync, type Stats } from 'node:fs';
import { InputError } from './errors.js';

/** What a path that is not a regular file is, for the one line that refuses it. */
function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'not a regular file';
}

const refused = (path: string, stats: Stats): InputError => new InputError(`${path}: ${kindOf(stats)}, not a regular file: only regular files are read`);

/**
 * Opens a file for reading, after following links, only if it is a regular file: a FIFO would
 * block its reader until a writer comes, and a device such as /dev/zero never ends. The path is
 * checked before it is opened, so that no device is ever opened, and the file opened is checked
 * again (opened without blocking, so that a FIFO swapped in meanwhile cannot hang either).
 * Errors of the file system (no such file, permission) are thrown as they are, for the caller to word.
 */
export function openRegularFile(path: string): number {
  const before = statSync(path);
  if (!before.isFile()) throw refused(path, before);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const opened = fstatSync(fd);
  if (!opened.isFile()) {
    closeSync(fd);
    throw refused(path, opened);
  }
  return fd;
}
