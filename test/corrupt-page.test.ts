import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../bronze/simulate/simulate.js';
import { readCatalog } from '../sql/catalog.js';
import { runCli, tempDir, type CliOutcome } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
/** A healthy lake with a production model, copied for each test that damages it. */
let pristine: string;

beforeAll(async () => {
  dir = tempDir();
  pristine = join(dir.path, 'pristine');
  await simulate({ machines: 4, from: '2015-01-01', days: 75, seed: 12, format: 'csv', dirty: 0, out: join(dir.path, 'sim') });
  const setup = (...args: string[]): void => expect(runCli(['--lake', pristine, ...args])).toMatchObject({ code: 0 });
  setup('ingest', join(dir.path, 'sim'));
  setup('build', 'all');
  setup('train', '--from', '2015-01-01', '--to', '2015-02-15', '--test-to', '2015-03-01', '--trees', '5');
  setup('models', 'promote', 'pdm@1', '--alias', 'production');
});
afterAll(() => dir.remove());

let copies = 0;
function copy(): { lake: string; run: (...args: string[]) => CliOutcome; file: (table: string, suffix: string) => string } {
  const lake = join(dir.path, `copy-${++copies}`);
  cpSync(pristine, lake, { recursive: true });
  const catalog = readCatalog(lake);
  const file = (table: string, suffix: string): string => {
    const found = catalog.tables[table]?.files.find((f) => f.endsWith(suffix));
    if (!found) throw new Error(`no file of ${table} ending ${suffix}`);
    return found;
  };
  return { lake, run: (...args) => runCli(['--lake', lake, ...args]), file };
}

/** Where a column's first data page starts (its page header), from the file's own footer. */
async function firstPageOf(path: string, column: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll('SELECT data_page_offset FROM parquet_metadata($path) WHERE path_in_schema = $column LIMIT 1', { path, column });
    return Number(reader.getRowObjects()[0]?.data_page_offset);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function flipByteAt(path: string, at: number): void {
  const bytes = readFileSync(path);
  bytes[at] = (bytes[at] as number) ^ 0xff;
  writeFileSync(path, bytes);
}

/** The start of the first compressed page body after `from`: a zstd frame's magic number. */
const zstdFrameAfter = (path: string, from: number): number => readFileSync(path).indexOf(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), from);

function expectDamage(outcome: CliOutcome, table: string, file: string, detail: RegExp): void {
  expect(outcome.code, outcome.stderr).toBe(2);
  const lines = outcome.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`lakescore: table ${table} is damaged: ${file} is unreadable (`);
  expect(lines[0]).toMatch(detail);
  expect(lines[0]).not.toContain(dir.path);
}

describe('a changed byte inside a data page', () => {
  it("of silver: the engine names no file, and sql and build name the table and the file by the file's checksum", async () => {
    const { lake, run, file } = copy();
    const january = file('silver_telemetry', '_part=2015-01/data_0.parquet');
    // a page header garbled: DuckDB's Parquet reader fails without naming the file
    flipByteAt(join(lake, january), await firstPageOf(join(lake, january), 'ts'));
    const byChecksum = /\(TProtocolException: Invalid data\), and its checksum differs from the one recorded when it was published; `lakescore check` lists every damaged file$/;
    expectDamage(run('sql', 'SELECT * FROM silver_telemetry'), 'silver_telemetry', january, byChecksum);
    expectDamage(run('build', 'gold', '--from', '2015-01-01', '--to', '2015-02-01'), 'silver_telemetry', january, byChecksum);
    expect(run('sql', 'SELECT count(*) FROM loads').code).toBe(0);
    const checked = run('check');
    expect(checked.code).toBe(2);
    expect(checked.stdout).toBe(`damaged: silver_telemetry: ${january}: content changed since it was published (checksum differs)\n`);
  });

  it('of gold: score names the table and the file, as sql does when the engine names the file itself', async () => {
    const { lake, run, file } = copy();
    const february = file('gold_features', '_part=2015-02/data_0.parquet');
    flipByteAt(join(lake, february), await firstPageOf(join(lake, february), 'ts'));
    expectDamage(run('score', '--from', '2015-02-01', '--to', '2015-02-15'), 'gold_features', february, /TProtocolException/);

    const march = file('gold_features', '_part=2015-03-05/data_0.parquet');
    flipByteAt(join(lake, march), zstdFrameAfter(join(lake, march), await firstPageOf(join(lake, march), 'ts')));
    expectDamage(run('sql', `SELECT * FROM gold_features WHERE ts >= TIMESTAMP '2015-03-01'`), 'gold_features', march, /\(ZSTD Decompression failure\); `lakescore check`/);
  });
});
