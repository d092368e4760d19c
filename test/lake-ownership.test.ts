import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../bronze/simulate/simulate.js';
import { catalogVersions, readCatalog } from '../sql/catalog.js';
import { ownFiles } from '../sql/own-files.js';
import { runCli, tempDir, type CliOutcome } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
let sim: string;
let fleetFile: string;
let emptyInbox: string;
/** A real Parquet file that is not the lake's: a user's data. */
let userParquet: string;

beforeAll(async () => {
  dir = tempDir();
  sim = join(dir.path, 'sim');
  await simulate({ machines: 3, from: '2015-01-01', days: 45, seed: 6, format: 'parquet', dirty: 0, out: sim });
  userParquet = join(sim, readdirSync(sim).find((f) => f.endsWith('.parquet')) as string);
  fleetFile = join(dir.path, 'fleet.yaml');
  emptyInbox = join(dir.path, 'inbox');
  mkdirSync(emptyInbox);
  expect(runCli(['init', '--out', fleetFile])).toMatchObject({ code: 0 });
});
afterAll(() => dir.remove());

/** Every file and directory below `root`, with sizes: what a command must leave as it was. */
function tree(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .map((entry) => {
      const path = relative(root, join(entry.parentPath, entry.name));
      return entry.isFile() ? `${path} ${statSync(join(root, path)).size}` : `${path}/`;
    })
    .sort();
}

const oneLine = (outcome: CliOutcome): string => {
  const lines = outcome.stderr.trim().split('\n');
  expect(lines, outcome.stderr).toHaveLength(1);
  return lines[0] as string;
};

/** Every writing command, as a user would type it against the wrong directory. */
const WRITERS: readonly string[][] = [
  ['vacuum'],
  ['vacuum', '--older-than', '0', '--dry-run'],
  ['build', 'all'],
  ['train', '--from', '2015-01-01', '--to', '2015-02-01', '--test-to', '2015-02-15'],
  ['score', '--incremental'],
  ['export', 'postgres', '--table', 'risk'],
  ['restore', '--version', '1'],
  ['models', 'promote', 'pdm@1', '--alias', 'production'],
  ['retrain'],
];
const STARTERS = (): string[][] => [['ingest', sim], ['run', '--inbox', emptyInbox], ['fleet', 'apply', fleetFile]];

describe('a directory that is not a lake', () => {
  it('is refused by every command that writes, with one line, and nothing in it changes', () => {
    const user = join(dir.path, 'user-data');
    mkdirSync(join(user, 'bronze', 'telemetry'), { recursive: true });
    copyFileSync(userParquet, join(user, 'readings.parquet'));
    copyFileSync(userParquet, join(user, 'bronze', 'telemetry', 'load-00000001-deadbeef.parquet'));
    const before = tree(user);
    for (const args of WRITERS) {
      const outcome = runCli(['--lake', user, ...args]);
      expect({ args, code: outcome.code }).toEqual({ args, code: 2 });
      expect(oneLine(outcome)).toBe(`lakescore: ${user} is not a lake: it has no _catalog (set --lake or LAKESCORE_LAKE)`);
    }
    for (const args of STARTERS()) {
      const outcome = runCli(['--lake', user, ...args]);
      expect({ args, code: outcome.code }).toEqual({ args, code: 2 });
      expect(oneLine(outcome)).toBe(`lakescore: ${user} is not a lake (it has no _catalog) and not empty: a new lake starts only in a new or empty directory (set --lake or LAKESCORE_LAKE)`);
    }
    expect(tree(user)).toEqual(before);
  });

  it('absent or empty, is made a lake only by the commands a lake starts with', () => {
    const absent = join(dir.path, 'not-yet');
    for (const args of WRITERS) {
      const outcome = runCli(['--lake', absent, ...args]);
      expect({ args, code: outcome.code, line: oneLine(outcome) }).toEqual({ args, code: 2, line: `lakescore: no lake at ${absent} (set --lake or LAKESCORE_LAKE)` });
    }
    expect(existsSync(absent)).toBe(false);
    mkdirSync(absent);
    expect(runCli(['--lake', absent, 'build', 'all'])).toMatchObject({ code: 2 });
    expect(readdirSync(absent)).toEqual([]);
    for (const [i, args] of STARTERS().entries()) {
      const lake = join(dir.path, `started-${i}`);
      if (i % 2 === 1) mkdirSync(lake);
      const outcome = runCli(['--lake', lake, ...args]);
      expect({ args, code: outcome.code }, outcome.stderr).toEqual({ args, code: 0 });
      expect(catalogVersions(lake).length).toBeGreaterThan(0);
      // a lake now: the commands that need one work in it
      expect(runCli(['--lake', lake, 'vacuum']).code).toBe(0);
    }
  });
});

describe('vacuum inside a lake', () => {
  let lake: string;
  beforeAll(() => {
    lake = join(dir.path, 'lake');
    const ok = (...args: string[]): void => expect(runCli(['--lake', lake, ...args])).toMatchObject({ code: 0 });
    ok('ingest', sim);
    ok('build', 'all');
    ok('train', '--from', '2015-01-01', '--to', '2015-02-01', '--test-to', '2015-02-15', '--trees', '3');
    ok('models', 'promote', 'pdm@1', '--alias', 'production');
    ok('score', '--incremental');
    ok('build', 'all', '--reset');
  });

  it("finds every file any version names by the names lakescore gives its files", () => {
    const named = new Set(catalogVersions(lake).flatMap((v) => Object.values(readCatalog(lake, v).tables).flatMap((t) => t.files)));
    const own = new Set(ownFiles(lake).files);
    expect([...named].filter((file) => !own.has(file))).toEqual([]);
    // every kind of file: each layer's, the registry's, the run logs'
    for (const prefix of ['bronze/loads/', 'bronze/telemetry/', 'silver/build-', 'gold/build-', 'fleet/', 'models/_registry/', 'results/run-', 'results/runs/', 'monitor/drift/run-']) {
      expect({ prefix, named: [...named].some((f) => f.startsWith(prefix)) }).toEqual({ prefix, named: true });
    }
  });

  it("deletes only lakescore's own files that no kept version names, never a file or directory it did not write", () => {
    const outside = join(dir.path, 'outside');
    const put = (path: string): string => {
      mkdirSync(dirname(path), { recursive: true });
      copyFileSync(userParquet, path);
      return path;
    };
    const foreign = [
      put(join(lake, 'x.parquet')),
      put(join(lake, 'mine', 'build-000001-deadbeef', 'y.parquet')),
      put(join(lake, 'results', 'x.parquet')),
      put(join(lake, 'results', 'run-00000001.parquet')),
      put(join(lake, 'bronze', 'telemetry', 'notes.parquet')),
      put(join(lake, 'silver', 'keep', 'z.parquet')),
      put(join(lake, 'gold', 'build-000001', 'old.parquet')),
      put(join(outside, 'build-000001-deadbeef', 'linked.parquet')),
    ];
    symlinkSync(join(outside, 'build-000001-deadbeef'), join(lake, 'gold', 'build-000002-deadbeef'));
    const userEmpty = join(lake, 'results', 'empty');
    mkdirSync(userEmpty);
    const crashed = [
      put(join(lake, 'silver', 'build-999999-deadbeef', 'telemetry', '_day=2021-01-05', 'data_0.parquet')),
      put(join(lake, 'gold', 'build-999999-deadbeef', '2021-01-05.parquet')),
      put(join(lake, 'bronze', 'telemetry', 'load-99999999-deadbeef.parquet')),
      put(join(lake, 'results', 'run-99999999-deadbeef.parquet')),
    ];
    const crashedEmpty = join(lake, 'silver', 'build-999998-deadbeef', 'telemetry', '_month=2015-01');
    mkdirSync(crashedEmpty, { recursive: true });
    const builds = (layer: string): string[] => readdirSync(join(lake, layer)).filter((d) => /^build-\d+-[0-9a-f]{8}$/.test(d));
    expect(builds('silver').length).toBeGreaterThan(2);

    const vacuumed = runCli(['--lake', lake, 'vacuum', '--older-than', '0']);
    expect(vacuumed.code, vacuumed.stderr).toBe(0);
    expect(foreign.filter((f) => !existsSync(f))).toEqual([]);
    expect(existsSync(userEmpty)).toBe(true);
    expect(crashed.filter((f) => existsSync(f))).toEqual([]);
    expect(existsSync(join(lake, 'silver', 'build-999998-deadbeef'))).toBe(false);
    expect(builds('silver')).toHaveLength(1);
    expect(builds('gold').filter((d) => d !== 'build-000002-deadbeef')).toHaveLength(1);
    expect(existsSync(join(lake, 'gold', 'build-000002-deadbeef', 'linked.parquet'))).toBe(true);
    expect(runCli(['--lake', lake, 'check'])).toMatchObject({ code: 0 });
  });
});
