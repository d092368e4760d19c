import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../bronze/simulate/simulate.js';
import { catalogVersions, readCatalog } from '../sql/catalog.js';
import { BIN, readLake, runCli, tempDir, type CliOutcome, type TempDir } from './helpers.js';

/**
 * Real commands run out of space on a small tmpfs: a write that the disk takes only part of
 * must publish nothing, leave no partial file, exit 75 with one line, and leave a lake the next
 * command uses as soon as there is room again.
 */
const PAGE = 4096;

/** Why a tmpfs cannot be mounted here (it needs root, and a container that allows mount), or undefined. */
function mountRefusal(): string | undefined {
  const probe = tempDir();
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe.path], { encoding: 'utf8' });
    if (mounted.status !== 0) return `mount -t tmpfs failed: ${(mounted.stderr || String(mounted.error)).trim()}`;
    spawnSync('umount', [probe.path]);
    return undefined;
  } finally {
    probe.remove();
  }
}
const refusal = mountRefusal();

let dir: TempDir;
/** The small file system the lakes live on. */
let disk: string;
let sim: string;
const filler = (): string => join(disk, 'filler');

/** Fills the disk so that only `bytes` (whole pages) stay free. */
function leaveFree(bytes: number): void {
  rmSync(filler(), { force: true });
  const { bavail, bsize } = statfsSync(disk);
  writeFileSync(filler(), Buffer.alloc(bavail * bsize - bytes));
}
const freeSpace = (): void => rmSync(filler(), { force: true });

beforeAll(async () => {
  if (refusal) return;
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
  dir = tempDir();
  disk = join(dir.path, 'disk');
  mkdirSync(disk);
  expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk]).status).toBe(0);
  sim = join(dir.path, 'sim');
  await simulate({ machines: 4, from: '2015-01-01', days: 40, seed: 3, format: 'csv', dirty: 0, out: sim });
});
afterAll(() => {
  if (refusal) return;
  spawnSync('umount', [disk]);
  dir.remove();
});

/** A machines file of its own content (ingest skips content it has loaded). */
function machinesFile(name: string, id: number): string {
  const path = join(dir.path, `${name}.csv`);
  writeFileSync(path, `machineID,model,age\n${id},model${(id % 4) + 1},${id % 20}\n`);
  return path;
}

function allFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).map((name) => join(root, name));
}

/** A failure as the contract has it: exit 75, one line saying the disk is full. */
function expectDiskFull(outcome: CliOutcome): string {
  expect(outcome.code, outcome.stderr).toBe(75);
  const lines = outcome.stderr.trim().split('\n');
  expect(lines).toEqual([expect.stringMatching(/^lakescore: disk full: .*: free space and run the command again/)]);
  return lines[0] as string;
}

/** Every catalog version reads whole, no partial file is left, and every Parquet file is one a version names. */
function expectNothingPartial(lake: string): void {
  const named = new Set<string>();
  for (const version of catalogVersions(lake)) for (const entry of Object.values(readCatalog(lake, version).tables)) for (const f of entry.files) named.add(join(lake, f));
  const files = allFiles(lake);
  expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
  expect(files.filter((f) => f.endsWith('.parquet') && !named.has(f))).toEqual([]);
}

/** Which kind of published file a disk-full line names. */
function kindOf(line: string): string {
  if (line.includes('_writer.json')) return 'lock note';
  if (line.includes('_catalog/')) return 'catalog';
  if (line.includes('views.sql')) return 'views.sql';
  if (line.includes('.parquet')) return 'Parquet';
  if (/models\/[a-z0-9_-]+\/v\d+-[0-9a-f]{8}\/(forest\.bin|model\.json)/.test(line)) return 'model file';
  if (line.includes('_writer.lock')) return 'lock';
  return line;
}

describe.skipIf(refusal !== undefined)(`a full disk${refusal ? ` (skipped: ${refusal})` : ''}`, () => {
  it('lets the next writer of a new lake in at once, although the last one died creating its lock', () => {
    const lake = join(disk, 'new-lake');
    leaveFree(0);
    const full = runCli(['--lake', lake, 'ingest', machinesFile('first', 1)]);
    expect(kindOf(expectDiskFull(full))).toMatch(/^(lock|lock note)$/);
    freeSpace();
    expect(runCli(['--lake', lake, 'ingest', machinesFile('first', 1)]).code).toBe(0);
    rmSync(lake, { recursive: true });
  });

  it('fails an ingest at every file it writes with exit 75, publishes nothing cut short, and the lake loads once there is room', async () => {
    const lake = join(disk, 'lake');
    const earlier = Array.from({ length: 12 }, (_, i) => machinesFile(`earlier-${i}`, i + 1));
    // one ingest each: ingest publishes a batch of files as one version
    for (const file of earlier) expect(runCli(['--lake', lake, 'ingest', file]).code).toBe(0);
    // a catalog of more than one page: a disk with one page left takes only part of it
    expect(readFileSync(join(lake, '_catalog', '0000000012.json')).length).toBeGreaterThan(PAGE);

    // one page more each time moves the first write that fails along the ingest's writes: the
    // note, the load's Parquet files, the catalog (with no room, then with part of the room), views.sql
    const failedAt = new Set<string>();
    const later: string[] = [];
    for (let pages = 0; pages <= 5; pages++) {
      later.push(machinesFile(`later-${pages}`, 100 + pages));
      leaveFree(pages * PAGE);
      const outcome = runCli(['--lake', lake, 'ingest', later.at(-1) as string]);
      freeSpace();
      if (outcome.code !== 0) failedAt.add(kindOf(expectDiskFull(outcome)));
      expectNothingPartial(lake);
    }
    expect([...failedAt].sort()).toEqual(['Parquet', 'catalog', 'lock note', 'views.sql']);

    expect(runCli(['--lake', lake, 'ingest', ...later]).code).toBe(0);
    expect(runCli(['--lake', lake, 'check'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: /) });
    expect(readFileSync(join(lake, 'views.sql'), 'utf8').split('\n')[0]).toBe(`-- lakescore lake, version ${readCatalog(lake).version}`);
    expect(await readLake(lake, 'SELECT count(*) AS n FROM bronze_machines')).toEqual([{ n: earlier.length + later.length }]);
  });

  it('fails a build whose Parquet the disk has no room for, removes what it wrote, and builds once there is room', () => {
    const lake = join(disk, 'lake-built');
    expect(runCli(['--lake', lake, 'ingest', sim]).code).toBe(0);
    const before = catalogVersions(lake);
    leaveFree(16 * PAGE);
    const full = runCli(['--lake', lake, 'build', 'all']);
    freeSpace();
    expect(kindOf(expectDiskFull(full))).toBe('Parquet');
    expect(catalogVersions(lake)).toEqual(before);
    expectNothingPartial(lake);
    expect(runCli(['--lake', lake, 'build', 'all']).code).toBe(0);
    expect(runCli(['--lake', lake, 'check']).code).toBe(0);
  });

  it('fails a training whose model the disk has no room for, leaves no model directory, and trains once there is room', async () => {
    const lake = join(disk, 'lake-built');
    const train = ['--lake', lake, 'train', '--from', '2015-01-01', '--to', '2015-01-25', '--test-to', '2015-02-09', '--trees', '20', '--seed', '3'];
    // the note takes the one page and gives back the old note's: the model's first file gets one page of several
    leaveFree(PAGE);
    const full = runCli(train);
    freeSpace();
    expect(kindOf(expectDiskFull(full))).toBe('model file');
    expect(readdirSync(join(lake, 'models', 'pdm'))).toEqual([]);
    expectNothingPartial(lake);
    expect(await readLake(lake, 'SELECT count(*) AS n FROM models')).toEqual([{ n: 0 }]);
    expect(runCli(train).code).toBe(0);
    expect(await readLake(lake, 'SELECT count(*) AS n FROM models')).toEqual([{ n: 1 }]);
    expect(runCli(['--lake', lake, 'check']).code).toBe(0);
  });
});
