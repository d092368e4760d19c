import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_FLEET_FILE, DEFINITION_LIMIT, parseFleet } from '../../fleet/load.js';
import { LIST_LIMITS } from '../../fleet/schema.js';
import { InputError } from '../../sql/errors.js';
import { BIN, eachTestInTempLake, type TempDir } from '../helpers.js';

/** A definition is text a person writes: what no person writes is refused in one line, exit 2, before it can cost much. */
let dir: TempDir;
eachTestInTempLake((d) => {
  dir = d;
});

const BUILT_IN = readFileSync(BUILT_IN_FLEET_FILE, 'utf8');

/** `lakescore fleet check FILE`, with a deadline: a hang fails the test instead of stalling the suite. */
function fleetCheck(file: string): { code: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, 'fleet', 'check', file], { encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, signal: result.signal, stderr: result.stderr };
}

function written(name: string, text: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

function failure(text: string): Error {
  try {
    parseFleet(text, 'big.yaml');
  } catch (err) {
    return err as Error;
  }
  throw new Error('the definition was accepted');
}

/** Nine levels of nine aliases each: under a kilobyte of YAML that stands for 9^9 values. */
const ALIAS_BOMB = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');

describe('a fleet definition no person writes', () => {
  it('is refused when its aliases would expand past the bound, with exit 2 and one line naming the file', () => {
    const err = failure(ALIAS_BOMB);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe('big.yaml: not valid YAML: its aliases (*name) would repeat what they name more than 100 times');
    const cli = fleetCheck(written('bomb.yaml', ALIAS_BOMB));
    expect([cli.code, cli.stderr.trim().split('\n')]).toEqual([2, [`lakescore: ${join(dir.path, 'bomb.yaml')}: not valid YAML: its aliases (*name) would repeat what they name more than 100 times`]]);
  });

  it('keeps aliases a person writes', () => {
    const aliased = BUILT_IN.replace('  volt: ', '  volt: &range { min: 0, max: 1000 }').replace('  rotate:\n', '  rotate: *range\n');
    const sensors = parseFleet(aliased, 'aliased.yaml').sensors;
    expect(sensors.find((s) => s.name === 'rotate')).toMatchObject({ min: 0, max: 1000 });
  });

  it('is refused past 1 MiB, reading no more of the file than that', () => {
    const codes = `${BUILT_IN}\n# ${'x'.repeat(DEFINITION_LIMIT)}\n`;
    expect(failure(codes).message).toBe('big.yaml: the fleet definition is larger than 1 MiB (1,048,576 bytes), the most one may hold');
    // 50 GB (a sparse file): read whole, it would run out of memory or time
    const huge = written('huge.yaml', BUILT_IN);
    truncateSync(huge, 50 * 2 ** 30);
    const cli = fleetCheck(huge);
    expect([cli.signal, cli.code, cli.stderr.trim().split('\n')]).toEqual([null, 2, [`lakescore: ${huge}: the fleet definition is larger than 1 MiB (1,048,576 bytes), the most one may hold`]]);
  });

  it('is not read from a FIFO or a device, which would never end', () => {
    const pipe = join(dir.path, 'pipe.yaml');
    execFileSync('mkfifo', [pipe]);
    const zero = join(dir.path, 'zero.yaml');
    symlinkSync('/dev/zero', zero);
    expect(fleetCheck(pipe)).toEqual({ code: 2, signal: null, stderr: `lakescore: ${pipe}: a FIFO (named pipe), not a regular file: only regular files are read\n` });
    expect(fleetCheck(zero)).toEqual({ code: 2, signal: null, stderr: `lakescore: ${zero}: a character device, not a regular file: only regular files are read\n` });
  });

  it.each([
    ['alarm codes', BUILT_IN.replace(/^  codes: \[[^\]]*\]/m, `  codes: [${Array.from({ length: LIST_LIMITS.codes + 1 }, (_, i) => `e${i}`).join(', ')}]`), 'alarms.codes: at most 500 alarm codes, not 501'],
    ['sensors', BUILT_IN.replace('sensors:\n', `sensors:\n${Array.from({ length: LIST_LIMITS.sensors }, (_, i) => `  s${i}:\n`).join('')}`), 'sensors: at most 500 sensors, not 504'],
    [
      'sources',
      `${BUILT_IN}${Array.from({ length: LIST_LIMITS.sources }, (_, i) => `  m${i}: { files: "m${i}*", holds: attributes, asset: machineID, attributes: [model] }\n`).join('')}`,
      'sources: at most 100 sources, not 105',
    ],
  ])('is refused with more %s than the bound, in one line with the count', (_what, text, reason) => {
    expect(failure(text).message).toBe(`big.yaml: ${reason}`);
  });
});
