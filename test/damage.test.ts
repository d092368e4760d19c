import { closeSync, cpSync, existsSync, fstatSync, openSync, readdirSync, readSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../bronze/simulate/simulate.js';
import { readCatalog } from '../sql/catalog.js';
import { factsOf } from '../sql/file-facts.js';
import { BIN, readLake, runCli, tempDir, type CliOutcome } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
/** A healthy lake, copied for each test that damages it. */
let pristine: string;

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
  dir = tempDir();
  pristine = join(dir.path, 'pristine');
  await simulate({ machines: 6, from: '2015-01-01', days: 75, seed: 5, format: 'csv', dirty: 0, out: join(dir.path, 'sim') });
  expect(runCli(['--lake', pristine, 'ingest', join(dir.path, 'sim')]).code).toBe(0);
  expect(runCli(['--lake', pristine, 'build', 'all']).code).toBe(0);
});
afterAll(() => dir.remove());

let copies = 0;
function damagedCopy(): { lake: string; run: (...args: string[]) => CliOutcome; file: (table: string, partition?: string) => string } {
  const lake = join(dir.path, `copy-${++copies}`);
  cpSync(pristine, lake, { recursive: true });
  const catalog = readCatalog(lake);
  return {
    lake,
    run: (...args) => runCli(['--lake', lake, ...args]),
    file: (table, partition) => {
      const files = catalog.tables[table]?.files ?? [];
      const found = partition ? files.find((f) => f.includes(`/_part=${partition}/`)) : files[0];
      if (!found) throw new Error(`no file of ${table}`);
      return join(lake, found);
    },
  };
}

/** Damage no footer check sees: only the checksum does. */
function flipByteInTheMiddle(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    const at = Math.floor(fstatSync(fd).size / 2);
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, at);
    byte[0] = (byte[0] as number) ^ 0xff;
    writeSync(fd, byte, 0, 1, at);
  } finally {
    closeSync(fd);
  }
}

const oneLine = (text: string): string[] => text.trim().split('\n');

describe('a damaged lake', () => {
  it('records the size and checksum of every file it publishes', async () => {
    const catalog = readCatalog(pristine);
    const named = Object.values(catalog.tables).flatMap((t) => t.files);
    expect(Object.keys(catalog.files).sort()).toEqual([...new Set(named)].sort());
    const [first] = named;
    expect(catalog.files[first as string]).toEqual({ ...(await factsOf(join(pristine, first as string))), rows: expect.any(Number) });
    const rows = await readLake(pristine, 'SELECT count(*) AS n FROM loads');
    expect(catalog.files[catalog.tables.loads?.files[0] as string]?.rows).toBe(rows[0]?.n);
    expect(runCli(['--lake', pristine, 'check'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: \d+ files of \d+ tables/) });
  });

  it('keeps a missing silver file to the commands that read it, and build silver --force repairs it', () => {
    const { run, file } = damagedCopy();
    const missing = file('silver_telemetry');
    rmSync(missing);
    expect(run('runs').code).toBe(0);
    expect(run('sql', 'SELECT count(*) AS n FROM loads').stdout).toContain('5');
    const query = run('sql', 'SELECT count(*) FROM silver_telemetry');
    expect(query.code).toBe(2);
    expect(oneLine(query.stderr)).toEqual([expect.stringContaining(`table silver_telemetry is damaged: ${missing.slice(missing.indexOf('silver/'))} is missing`)]);
    // a filter on a column must not find "no rows" where the table cannot be read
    for (const filtered of ["SELECT * FROM silver_telemetry WHERE ts >= TIMESTAMP '2015-01-01'", 'SELECT count(*) FROM silver_telemetry WHERE machine_id = 1']) {
      expect(run('sql', filtered)).toMatchObject({ code: 2, stderr: expect.stringContaining('table silver_telemetry is damaged') });
    }
    const train = run('train', '--from', '2015-01-01', '--to', '2015-02-15', '--test-to', '2015-03-01', '--trees', '5');
    expect(train.code).toBe(0);
    const checked = run('check');
    expect(checked.code).toBe(2);
    expect(oneLine(checked.stdout)).toEqual([expect.stringMatching(/^damaged: silver_telemetry: silver\/.*telemetry\/_part=[0-9-]+\/data_0\.parquet: missing$/)]);
    expect(oneLine(checked.stderr)).toEqual([expect.stringContaining('1 damaged among')]);
    expect(run('build', 'silver', '--force').code).toBe(0);
    expect(run('check').code).toBe(0);
    expect(run('sql', 'SELECT count(*) FROM silver_telemetry').code).toBe(0);
  });

  it('finds a truncated file, a changed byte and a garbled footer; repairing silver, then rebuilding the partitions repairs gold', () => {
    const { run, file } = damagedCopy();
    // February has settled into one file; March is still in days
    const february = file('gold_features', '2015-02');
    const march = file('gold_features', '2015-03-05');
    truncateSync(february, 40);
    flipByteInTheMiddle(march);
    writeFileSync(file('silver_errors'), 'not parquet at all');
    const checked = run('check');
    expect(checked.code).toBe(2);
    const lines = oneLine(checked.stdout);
    expect(lines).toHaveLength(3);
    expect(lines).toContainEqual(expect.stringMatching(/^damaged: gold_features: .*_part=2015-02\/data_0\.parquet: size 40 bytes, \d+ when published$/));
    expect(lines).toContainEqual(expect.stringMatching(/^damaged: gold_features: .*_part=2015-03-05\/data_0\.parquet: content changed since it was published/));
    expect(lines).toContainEqual(expect.stringMatching(/^damaged: silver_errors: .*errors\/_part=[0-9-]+\/data_0\.parquet: size \d+ bytes/));
    expect(run('check', '--quick').stdout).not.toContain('2015-03');

    const read = run('sql', 'SELECT count(*) FROM gold_features');
    expect(read.code).toBe(2);
    expect(read.stderr).toContain('_part=2015-02/data_0.parquet is size 40 bytes');
    // gold reads silver_errors for a range: refused while it is damaged, never built as if it had no rows
    expect(run('build', 'gold', '--from', '2015-02-01', '--to', '2015-04-01')).toMatchObject({ code: 2, stderr: expect.stringContaining('table silver_errors is damaged') });
    expect(run('build', 'silver', '--force').code).toBe(0);
    // a rebuild of part of a damaged partition must read its old rows: refused, naming the file
    expect(run('build', 'gold', '--from', '2015-02-10', '--to', '2015-02-20').stderr).toContain('_part=2015-02/data_0.parquet');
    expect(run('build', 'gold', '--from', '2015-02-01', '--to', '2015-04-01').code).toBe(0);
    expect(run('check').code).toBe(0);
  });

  it('names an unreadable catalog and points to the runbook', () => {
    const { lake, run } = damagedCopy();
    const catalogs = readdirSync(join(lake, '_catalog')).sort();
    writeFileSync(join(lake, '_catalog', catalogs.at(-1) as string), '{"format": 1, "vers');
    const result = run('runs');
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toEqual([expect.stringMatching(/catalog .*\.json is unreadable: .*When the lake is damaged/)]);
  });
});
