import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLake } from '../sql/check.js';
import { LakeSession } from '../sql/duckdb.js';
import { BusyError, InputError } from '../sql/errors.js';
import { eachTestInTempLake, lockHolder, runCli, withWriter } from './helpers.js';

/**
 * A writer killed after writing part of `_writer.lock` (one or two of its 4 KiB pages) leaves a
 * file DuckDB opens, locks, and cannot read: nobody holds it, so it must not jam the lake.
 */
let lake: string;
let lock: string;
eachTestInTempLake((_dir, l) => {
  lake = l;
  lock = join(l, '_writer.lock');
});

const writer = (command: string): Promise<void> => LakeSession.using(lake, { write: { command, waitSeconds: 0 } }, async () => undefined);
const lockCheck = () => LakeSession.using(lake, {}, async (session) => (await checkLake(session, { quick: true })).lock);
const settle = (): void => {
  const longAgo = new Date(Date.now() - 60_000);
  utimesSync(lock, longAgo, longAgo);
};

/** Bytes that are no database, the same on every run. */
function garbage(bytes: number): Buffer {
  let state = 17;
  return Buffer.from(Array.from({ length: bytes }, () => (state = (state * 1103515245 + 12345) % 2 ** 31) & 0xff));
}

describe('the writer lock', () => {
  it.each([
    ['cut to its first page', (real: Buffer) => real.subarray(0, 4096), /Could not read enough bytes/],
    ['replaced by two pages of garbage', () => garbage(8192), /not a valid DuckDB database file/],
  ])('%s: counts as held while it may be being created, then check reports it and the next writer replaces it', async (_kind, damage, reason) => {
    await withWriter(lake, async () => undefined);
    const real = readFileSync(lock);
    expect(real.length).toBe(12_288);
    writeFileSync(lock, damage(real));

    await expect(writer('too soon')).rejects.toThrow(BusyError);
    expect(await lockCheck()).toBeUndefined();

    settle();
    const found = await lockCheck();
    expect(found).toEqual({ problem: expect.stringMatching(reason), replacedByNextWriter: true });
    expect(found?.problem).toContain(lock);
    const report = runCli(['--lake', lake, 'check']);
    expect(report.code).toBe(0);
    expect(report.stdout.split('\n')[0]).toMatch(/^lock: .*_writer\.lock cannot be opened as a lock \(.*\); nobody holds it and the next writer replaces it$/);

    await writer('after the crash');
    expect(readFileSync(lock).length).toBe(12_288);
    expect(await lockCheck()).toBeUndefined();
  });

  it('still refuses a writer while another process holds it, however old the file', async () => {
    const holder = await lockHolder(lake, 'holder');
    try {
      settle();
      const before = statSync(lock).ino;
      await expect(writer('second')).rejects.toThrow(`busy: process ${holder.pid} running "holder" holds the writer lock`);
      expect(statSync(lock).ino).toBe(before);
      expect(await lockCheck()).toBeUndefined();
    } finally {
      await holder.kill();
    }
    await writer('after the holder');
  });

  it('refuses, naming it, a directory where the lock belongs; check says so with exit code 2', async () => {
    await withWriter(lake, async () => undefined);
    // a lake, with nothing committed yet
    mkdirSync(join(lake, '_catalog'), { recursive: true });
    rmSync(lock);
    mkdirSync(lock);
    await expect(writer('blocked')).rejects.toThrow(InputError);
    const ingest = runCli(['--lake', lake, 'ingest', lake]);
    expect(ingest.code).toBe(2);
    expect(ingest.stderr.trim().split('\n')).toEqual([`lakescore: ${lock} is a directory, not the lake's writer lock: remove it (see "The writer lock" in docs/lake.md)`]);
    const check = runCli(['--lake', lake, 'check']);
    expect(check.code).toBe(2);
    expect(check.stdout).toContain(`lock: ${lock} is a directory`);
    rmSync(lock, { recursive: true });
    await writer('after the directory went');
  });
});
