import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { diskFullError } from './errors.js';

/**
 * Every file lakescore publishes is written whole or not at all: a full disk makes write(2)
 * write less than it was given (then fail), and a file cut short must never become visible.
 */

/** write(2) as Node gives it; a parameter only so that a test can make it write short, as a full disk does. */
export type WriteCall = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

/** Where a file is written before it is renamed into place: readers of `path` never see it partial. */
export const partialFile = (path: string): string => `${path}.tmp-${process.pid}`;

/** Writes every byte, a short write continuing where it stopped; a write that makes no progress is an error. */
function writeAll(fd: number, bytes: Uint8Array, write: WriteCall): void {
  for (let offset = 0; offset < bytes.length; ) {
    const written = write(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw Object.assign(new Error(`wrote ${offset} of ${bytes.length} bytes`), { code: 'ENOSPC' });
    offset += written;
  }
}

/** The error to throw for a failed write of `path`: one line and exit 75 when the disk is full. */
const writeFailure = (err: unknown, path: string): unknown => diskFullError(err, path) ?? err;

/**
 * Creates (or replaces) `path` with `content`, fsync'd when `sync`; on any failure the file is
 * removed, so no partial file outlives the command.
 */
export function writeWholeFile(path: string, content: string | Uint8Array, options: { sync?: boolean; write?: WriteCall } = {}): void {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw writeFailure(err, path);
  }
  try {
    try {
      writeAll(fd, bytes, options.write ?? writeSync);
      if (options.sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    rmSync(path, { force: true });
    throw writeFailure(err, path);
  }
}

/** Writes a file whole or not at all: readers of `path` see the old content or the new, never part of it. */
export function writeFileAtomically(path: string, content: string): void {
  const tmp = partialFile(path);
  writeWholeFile(tmp, content);
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw writeFailure(err, path);
  }
}

/** Appends `text` whole or not at all: an append the disk had no room for is cut off again. */
export function appendWhole(path: string, text: string): void {
  const fd = openSync(path, 'a');
  try {
    const size = fstatSync(fd).size;
    try {
      writeAll(fd, Buffer.from(text), writeSync);
    } catch (err) {
      ftruncateSync(fd, size);
      throw writeFailure(err, path);
    }
  } finally {
    closeSync(fd);
  }
}
