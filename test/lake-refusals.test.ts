import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir, type TempDir } from './helpers.js';

/** What the user fixes (a --lake that cannot be written, a memory limit too small): exit code 2 and one line, never a hang or a trace. */
let dir: TempDir;
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
  dir = tempDir();
});
afterAll(() => dir.remove());

/** The binary, bounded in time: a lake under /proc once made Node's recursive mkdir spin for ever. */
function lakescore(args: readonly string[]): { code: number | null; lines: string[] } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, lines: result.stderr.trim().split('\n') };
}

/** Whether this process may mount a file system (root in a container that allows it), and why not. */
function mountRefusal(): string | undefined {
  const probe = join(dir.path, 'probe');
  mkdirSync(probe);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', probe], { encoding: 'utf8' });
  if (mounted.status !== 0) return `mount -t tmpfs failed: ${(mounted.stderr || String(mounted.error)).trim()}`;
  spawnSync('umount', [probe]);
  return undefined;
}

describe('a lake a writer cannot write', () => {
  it('is refused in one line with exit code 2, whether under a file or under /proc', () => {
    const file = join(dir.path, 'a-file');
    writeFileSync(file, 'not a directory\n');
    expect(lakescore(['--lake', join(file, 'lake'), 'ingest', file])).toEqual({ code: 2, lines: [`lakescore: lake ${join(file, 'lake')} cannot be created: ENOTDIR: not a directory`] });
    expect(lakescore(['--lake', '/proc/lakescore-test/lake', 'ingest', file])).toEqual({
      code: 2,
      lines: [expect.stringMatching(/^lakescore: lake \/proc\/lakescore-test\/lake cannot be created: E[A-Z]+: /)],
    });
  });

  it('is refused in one line with exit code 2 on a read-only file system', (context) => {
    const refusal = mountRefusal();
    if (refusal) {
      context.skip(`needs a read-only tmpfs: ${refusal}`);
      return;
    }
    const readOnly = join(dir.path, 'read-only');
    mkdirSync(readOnly);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', readOnly]).status).toBe(0);
    try {
      expect(lakescore(['--lake', readOnly, 'ingest', readOnly])).toEqual({ code: 2, lines: [`lakescore: lake ${readOnly} cannot be written: EROFS: read-only file system`] });
      expect(lakescore(['--lake', join(readOnly, 'lake'), 'ingest', readOnly])).toEqual({
        code: 2,
        lines: [`lakescore: lake ${join(readOnly, 'lake')} cannot be created: EROFS: read-only file system`],
      });
    } finally {
      spawnSync('umount', [readOnly]);
    }
  });
});

describe('a memory limit too small to run in', () => {
  it('is refused in one line with exit code 2 by readers and writers alike', () => {
    const lake = join(dir.path, 'lake');
    for (const command of [['ingest', dir.path], ['runs']]) {
      expect(lakescore(['--lake', lake, '--memory-limit', '1KB', ...command])).toEqual({
        code: 2,
        lines: ['lakescore: memory limit 1KB is too small: at least 64MiB (see "Memory" in the README)'],
      });
    }
  });
});
