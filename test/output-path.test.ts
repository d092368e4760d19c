import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../sql/errors.js';
import { checkedOutputFile } from '../sql/output-path.js';
import { PUBLIC_DATA, runCli, tempDir, type TempDir } from './helpers.js';

/**
 * Every `--out` goes through one check (sql/output-path.ts): nothing is written inside the lake,
 * an existing file is replaced only with --force, and a directory is refused with nothing left
 * behind (issue 17).
 */
let dir: TempDir;
let lake: string;
let outside: string;
/** A file the lake published, standing for one it cannot compute again. */
let published: string;

const refusal = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
};

/** Everything in a directory, and every partial file lakescore could have left beside `path`. */
const around = (path: string): string[] => readdirSync(join(path, '..')).filter((name) => name.includes('.tmp-') || path.endsWith(name));

beforeAll(() => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  outside = join(dir.path, 'outside');
  mkdirSync(outside);
  expect(runCli(['--lake', lake, 'ingest', join(PUBLIC_DATA, 'PdM_machines.csv.gz')]).code).toBe(0);
  published = join(lake, 'bronze', 'machines', readdirSync(join(lake, 'bronze', 'machines'))[0] as string);
});
afterAll(() => dir.remove());

describe('the --out check', () => {
  it('refuses any path that lands in the lake, through links too', () => {
    symlinkSync(lake, join(outside, 'to-lake'));
    symlinkSync(join(lake, 'bronze'), join(outside, 'to-bronze'));
    const inside = [
      lake,
      published,
      join(lake, 'results', 'run-000001.parquet'),
      join(lake, '_catalog', '0000000002.json'),
      join(lake, 'new', 'deeper', 'x.csv'),
      join(outside, 'to-lake', 'x.csv'),
      join(outside, 'to-lake', 'new', 'x.csv'),
      join(outside, 'to-bronze', 'machines', 'x.parquet'),
    ];
    for (const path of inside) {
      const err = refusal(() => checkedOutputFile(lake, path, true));
      expect({ path, err }).toEqual({ path, err: expect.any(InputError) });
      expect((err as Error).message).toContain('is inside the lake');
    }
    expect(refusal(() => checkedOutputFile(join(outside, 'to-lake'), join(lake, 'x.csv'), true))).toBeInstanceOf(InputError);
  });

  it('allows a path beside the lake, even one whose name starts like it', () => {
    mkdirSync(`${lake}-copy`);
    expect(checkedOutputFile(lake, `${lake}-copy/x.csv`, false)).toBe(`${lake}-copy/x.csv`);
    expect(checkedOutputFile(lake, join(lake, '..', 'x.csv'), false)).toBe(join(dir.path, 'x.csv'));
    expect(checkedOutputFile(undefined, join(outside, 'y.csv'), false)).toBe(join(outside, 'y.csv'));
  });

  it('refuses a directory, a device, a missing directory, and an existing file without force', () => {
    const existing = join(outside, 'existing.csv');
    writeFileSync(existing, 'mine\n');
    const cases: [string, boolean, RegExp][] = [
      [outside, true, /is a directory/],
      ['/dev/null', true, /is not a regular file/],
      [join(outside, 'missing', 'x.csv'), true, /no directory/],
      [existing, false, /already exists \(use --force to overwrite it\)/],
    ];
    for (const [path, force, message] of cases) {
      const err = refusal(() => checkedOutputFile(lake, path, force));
      expect({ path, err }).toEqual({ path, err: expect.any(InputError) });
      expect((err as Error).message).toMatch(message);
    }
    expect(checkedOutputFile(lake, existing, true)).toBe(existing);
  });
});

describe('commands with --out', () => {
  it('sql and report refuse the lake own files with exit 2 and leave them as they were', () => {
    const newest = join(lake, '_catalog', readdirSync(join(lake, '_catalog')).sort().at(-1) as string);
    const before = [readFileSync(published), readFileSync(newest)];
    const commands = [
      ['sql', 'SELECT 1 AS x', '--format', 'parquet', '--out', published, '--force'],
      ['sql', 'SELECT 1 AS x', '--format', 'parquet', '--out', join(lake, 'results', 'run-000001.parquet')],
      ['sql', 'SELECT 1 AS x', '--format', 'csv', '--out', newest, '--force'],
      ['report', '--out', newest, '--force'],
      ['report', '--out', join(lake, 'report.html')],
    ];
    for (const args of commands) {
      const { code, stderr } = runCli(['--lake', lake, ...args]);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(/^lakescore: --out: .* is inside the lake [^\n]+\n$/);
    }
    expect([readFileSync(published), readFileSync(newest)]).toEqual(before);
    expect(existsSync(join(lake, 'results'))).toBe(false);
    expect(existsSync(join(lake, 'report.html'))).toBe(false);
  });

  it('init and simulate keep out of the lake as well', () => {
    const init = runCli(['--lake', lake, 'init', '--out', join(lake, 'lakescore.yaml')]);
    expect([init.code, init.stderr]).toEqual([2, expect.stringMatching(/is inside the lake/)]);
    const simulate = runCli(['--lake', lake, 'simulate', '--out', join(lake, 'bronze', 'sim'), '--machines', '1', '--days', '1']);
    expect([simulate.code, simulate.stderr]).toEqual([2, expect.stringMatching(/is inside the lake/)]);
    expect(existsSync(join(lake, 'lakescore.yaml'))).toBe(false);
    expect(existsSync(join(lake, 'bronze', 'sim'))).toBe(false);
  });

  it('replace an existing file only with --force', () => {
    const out = join(outside, 'result.csv');
    writeFileSync(out, 'mine\n');
    const kept = runCli(['--lake', lake, 'sql', 'SELECT 7 AS x', '--format', 'csv', '--out', out]);
    expect([kept.code, kept.stderr]).toEqual([2, `lakescore: --out: ${out} already exists (use --force to overwrite it)\n`]);
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    const report = runCli(['--lake', lake, 'report', '--out', out]);
    expect(report.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    expect(runCli(['--lake', lake, 'sql', 'SELECT 7 AS x', '--format', 'csv', '--out', out, '--force']).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^x\r?\n7\r?\n$/);
  });

  it('refuse a directory with exit 2 and leave no partial file behind', () => {
    const target = join(outside, 'a-directory');
    mkdirSync(target);
    const commands = [
      ['sql', 'SELECT 1 AS x', '--format', 'parquet', '--out', target, '--force'],
      ['sql', 'SELECT 1 AS x', '--format', 'csv', '--out', target, '--force'],
      ['report', '--out', target, '--force'],
      ['init', '--out', target, '--force'],
    ];
    for (const args of commands) {
      const { code, stderr } = runCli(['--lake', lake, ...args]);
      expect({ args, code, stderr }).toEqual({ args, code: 2, stderr: `lakescore: --out: ${target} is a directory; name a file\n` });
    }
    expect(around(target)).toEqual(['a-directory']);
    expect(readdirSync(target)).toEqual([]);
  });

  it('a parquet query that fails after writing rows leaves no partial file', () => {
    const out = join(outside, 'failed.parquet');
    const late = "SELECT CASE WHEN i < 3000000 THEN i ELSE error('boom') END AS x FROM range(4000000) t(i)";
    const failed = runCli(['--lake', lake, 'sql', late, '--format', 'parquet', '--out', out]);
    expect(failed.code).toBe(2);
    expect(around(out)).toEqual([]);
  });
});
