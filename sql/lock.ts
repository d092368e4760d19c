import { copyFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileAtomically } from './atomic-file.js';
import { BusyError, diskFullError, InputError } from './errors.js';
import { prepareLakeDirectory } from './lake-dir.js';
import { engineMessage } from './text.js';

/**
 * One writer at a time. The lock is DuckDB's own lock on a small database file: the kernel
 * releases it when the holder exits, even on kill -9, so a crashed run never leaves a stale lock.
 */
export interface WriterLock {
  release(): void;
}

const POLL_MS = 200;

/** What DuckDB says when another process holds the lock. */
const HELD = /Could not set lock/;
/** What DuckDB says when open(2) itself fails: before it takes the lock, so nothing is known of a holder. */
const UNOPENABLE = /^IO Error: Cannot open file/;
/**
 * A writer creating the lock file writes its header within milliseconds; a file still not valid
 * after this long belongs to nobody.
 */
const SETTLE_MS = 5000;

const lockFile = (lake: string): string => join(lake, '_writer.lock');
const noteFile = (lake: string): string => join(lake, '_writer.json');

/** Why the lock path cannot be the lock whatever it holds (a directory, a FIFO); undefined for a file or nothing. */
function notALockFile(path: string): string | undefined {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined || stats.isFile()) return undefined;
  return `${path} is ${stats.isDirectory() ? 'a directory' : 'not a regular file'}, not the lake's writer lock: remove it (see "The writer lock" in docs/lake.md)`;
}

/** Creates the lake directory if it is missing, and refuses, with one line, a lake it cannot write or a lock path that is not a file. */
function prepareLock(lake: string): void {
  prepareLakeDirectory(lake);
  const wrong = notALockFile(lockFile(lake));
  if (wrong) throw new InputError(wrong);
}

/** Whether the lock file was last written so long ago that no writer can still be creating it. */
function settled(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs >= SETTLE_MS;
  } catch {
    return false;
  }
}

/** Removes a broken lock file nobody can be creating any more; true when it did. */
function removeIfAbandoned(path: string): boolean {
  if (!settled(path)) return false;
  try {
    rmSync(path, { force: true });
    return true;
  } catch {
    return false;
  }
}

function holderDescription(lake: string, lockError: string): string {
  const pid = /PID (\d+)/.exec(lockError)?.[1];
  let command = '';
  try {
    const info = JSON.parse(readFileSync(noteFile(lake), 'utf8')) as { pid?: number; command?: string };
    if (String(info.pid) === pid && info.command) command = ` running "${info.command}"`;
  } catch {
    // the holder may not have written its note yet
  }
  return pid ? `process ${pid}${command}` : 'another process';
}

/** The lock held, with its note saying who holds it; a note the disk has no room for gives the lock back. */
function withNote(lake: string, instance: DuckDBInstance, command: string): WriterLock {
  try {
    writeFileAtomically(noteFile(lake), JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() }));
  } catch (err) {
    instance.closeSync();
    throw err;
  }
  return { release: () => instance.closeSync() };
}

/**
 * One attempt at the lock: the opened lock, or what DuckDB said of a lock that is taken, or
 * undefined when a broken lock was just removed. DuckDB takes the OS lock right after opening the
 * file and only then reads it, so a file it opens but cannot read (empty, cut short, garbled: a
 * writer killed while creating it) is held by nobody, and is replaced once it has settled.
 */
async function attemptLock(path: string): Promise<DuckDBInstance | { taken: string } | undefined> {
  const existed = existsSync(path);
  try {
    return await DuckDBInstance.create(path);
  } catch (err) {
    const message = (err as Error).message;
    if (HELD.test(message)) return { taken: message };
    const full = diskFullError(err, path);
    if (full) {
      // the file this attempt created, cut short: nobody can hold it now that the attempt failed
      if (!existed) rmSync(path, { force: true });
      throw full;
    }
    if (UNOPENABLE.test(message)) throw new InputError(`cannot open the writer lock ${path}: ${engineMessage(err)}`);
    return removeIfAbandoned(path) ? undefined : { taken: message };
  }
}

/** Takes the writer lock, waiting up to `waitSeconds` for a holder (then BusyError, exit 75). */
export async function acquireWriterLock(lake: string, waitSeconds: number, command: string): Promise<WriterLock> {
  prepareLock(lake);
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const attempt = await attemptLock(lockFile(lake));
    if (attempt instanceof DuckDBInstance) return withNote(lake, attempt, command);
    if (attempt === undefined) continue;
    if (Date.now() >= deadline) {
      throw new BusyError(`lake ${lake} is busy: ${holderDescription(lake, attempt.taken)} holds the writer lock (waited ${waitSeconds}s)`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** What is wrong with the lake's lock file, and whether the next writer mends it by itself. */
export interface LockProblem {
  problem: string;
  replacedByNextWriter: boolean;
}

/**
 * Why `_writer.lock` cannot serve as the lock, if it cannot. It is judged on a copy (at
 * `scratch`), as a writer would open it: opening the file itself would take the lock from under
 * a writer. A file still being created (not yet settled) is not a problem.
 */
export async function lockProblem(lake: string, scratch: string): Promise<LockProblem | undefined> {
  const path = lockFile(lake);
  const wrong = notALockFile(path);
  if (wrong) return { problem: wrong, replacedByNextWriter: false };
  if (!existsSync(path)) return undefined;
  copyFileSync(path, scratch);
  try {
    (await DuckDBInstance.create(scratch, { access_mode: 'READ_ONLY' })).closeSync();
    return undefined;
  } catch (err) {
    if (!settled(path)) return undefined;
    return { problem: `${path} cannot be opened as a lock (${engineMessage(err).replaceAll(scratch, path)}); nobody holds it and the next writer replaces it`, replacedByNextWriter: true };
  } finally {
    rmSync(scratch, { force: true });
  }
}
