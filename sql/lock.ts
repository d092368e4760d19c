import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { BusyError } from './errors.js';

/**
 * One writer at a time. The lock is DuckDB's own lock on a small database file: the kernel
 * releases it when the holder exits, even on kill -9, so a crashed run never leaves a stale lock.
 */
export interface WriterLock {
  release(): void;
}

const POLL_MS = 200;

/** What DuckDB says of a lock file that is empty or garbled (a writer killed as it created it). */
const BROKEN = /not a valid DuckDB database file/;
/**
 * A writer creating the lock file writes its header within milliseconds; a file still not valid
 * after this long belongs to nobody.
 */
const SETTLE_MS = 5000;

/** Removes a broken lock file nobody can be creating any more; true when it did. */
function removeIfAbandoned(path: string): boolean {
  try {
    if (Date.now() - statSync(path).mtimeMs < SETTLE_MS) return false;
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
    const info = JSON.parse(readFileSync(join(lake, '_writer.json'), 'utf8')) as { pid?: number; command?: string };
    if (String(info.pid) === pid && info.command) command = ` running "${info.command}"`;
  } catch {
    // the holder may not have written its note yet
  }
  return pid ? `process ${pid}${command}` : 'another process';
}

export async function acquireWriterLock(lake: string, waitSeconds: number, command: string): Promise<WriterLock> {
  mkdirSync(lake, { recursive: true });
  const deadline = Date.now() + waitSeconds * 1000;
  const path = join(lake, '_writer.lock');
  for (;;) {
    try {
      const instance = await DuckDBInstance.create(path);
      writeFileSync(join(lake, '_writer.json'), JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() }));
      return { release: () => instance.closeSync() };
    } catch (err) {
      const message = (err as Error).message;
      if (BROKEN.test(message) && removeIfAbandoned(path)) continue;
      if (!/Could not set lock/.test(message) && !BROKEN.test(message)) throw err;
      if (Date.now() >= deadline) {
        throw new BusyError(`lake ${lake} is busy: ${holderDescription(lake, message)} holds the writer lock (waited ${waitSeconds}s)`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
