import { lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReadOnlyQuery } from '../sql/adhoc.js';
import { LakeSession } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { FLEET, PUBLIC_DATA, runCli, tempDir, type TempDir } from './helpers.js';

/**
 * `lakescore sql` decides from the parsed statement alone that it is a read, before DuckDB
 * prepares it: preparing some statements already writes (EXPORT DATABASE creates its directory,
 * issue 17), and the sandbox lets DuckDB write where it lets it read.
 */
let dir: TempDir;
let lake: string;
let allowed: string;

/** Every entry under a directory, directories too, with its kind, size and modification time. */
function listing(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((entry) => {
      const stat = lstatSync(join(root, entry));
      return `${entry} ${stat.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`;
    })
    .sort();
}

/** The file name the lake's next catalog version will take. */
function nextCatalogFile(): string {
  const newest = Math.max(...readdirSync(join(lake, '_catalog')).map((name) => Number.parseInt(name, 10)));
  return join(lake, '_catalog', `${String(newest + 1).padStart(10, '0')}.json`);
}

function sql(query: string) {
  return runCli(['--lake', lake, 'sql', '--allow-read', allowed, '--', query]);
}

/** What `sql` does, in this process: a reader session with every table, the query sandboxed. */
function query(text: string): Promise<unknown> {
  return LakeSession.using(lake, {}, async (session) => {
    await declareAllTables(session, FLEET);
    return runReadOnlyQuery(session, text, [allowed]);
  });
}

beforeAll(() => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  allowed = join(dir.path, 'allowed');
  mkdirSync(allowed);
  writeFileSync(join(allowed, 'mine.csv'), 'a\n1\n');
  expect(runCli(['--lake', lake, 'ingest', join(PUBLIC_DATA, 'PdM_machines.csv.gz')]).code).toBe(0);
});
afterAll(() => dir.remove());

describe('lakescore sql refuses a statement before preparing it', () => {
  it('refuses every writing statement as bad input, creating nothing in the lake or an --allow-read directory', async () => {
    const next = nextCatalogFile();
    const before = { lake: listing(lake), allowed: listing(allowed) };
    const writes = [
      `EXPORT DATABASE '${next}'`,
      `EXPORT DATABASE '${join(allowed, 'exported')}'`,
      `EXPORT DATABASE '${join(lake, 'bronze', 'exported')}' (FORMAT parquet)`,
      `SELECT 1; EXPORT DATABASE '${join(allowed, 'second')}'`,
      `COPY (SELECT 1 AS x) TO '${next}'`,
      `COPY bronze_machines TO '${join(allowed, 'copied.parquet')}' (FORMAT parquet)`,
      `COPY (SELECT 1 AS x) TO '${join(allowed, 'parts')}' (FORMAT parquet, PARTITION_BY (x))`,
      `EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '${join(allowed, 'explained.csv')}'`,
      `ATTACH '${join(lake, 'attached.duckdb')}'`,
      `ATTACH '${join(allowed, 'attached.duckdb')}' AS a`,
      'INSTALL parquet',
      'LOAD parquet',
      'CREATE TABLE t AS SELECT 1 AS x',
      'CREATE VIEW v AS SELECT 1 AS x',
      `CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 'x')`,
      'PIVOT bronze_machines ON model',
      'PRAGMA show_tables',
      'PRAGMA enable_profiling',
      `SET profiling_output = '${join(allowed, 'profile.json')}'`,
      `SET temp_directory = '${join(lake, 'spill')}'`,
      'CALL checkpoint()',
      'CALL pragma_version()',
      'CHECKPOINT',
      'VACUUM',
    ];
    for (const text of writes) {
      const refusal = await query(text).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect({ text, refusal }).toEqual({ text, refusal: expect.any(InputError) });
      expect({ text, message: (refusal as Error).message }).toEqual({ text, message: expect.stringMatching(/^query: [^\n]+$/) });
    }
    expect({ lake: listing(lake), allowed: listing(allowed) }).toEqual(before);
  });

  it('refuses the reproduction of issue 17 with exit 2 in one line, creating nothing', () => {
    const before = listing(lake);
    const { code, stderr } = sql(`EXPORT DATABASE '${nextCatalogFile()}'`);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^lakescore: query: only reading statements are allowed [^\n]+\n$/);
    expect(listing(lake)).toEqual(before);
  });

  it('leaves the lake working: the next commit takes its catalog name, and check passes', () => {
    expect(sql(`EXPORT DATABASE '${nextCatalogFile()}'`).code).toBe(2);
    expect(runCli(['--lake', lake, 'ingest', join(PUBLIC_DATA, 'PdM_failures.csv.gz')]).code).toBe(0);
    const check = runCli(['--lake', lake, 'check']);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });

  it('still runs every kind of reading statement', async () => {
    const reads = [
      'SELECT count(*) AS n FROM bronze_machines',
      'FROM bronze_machines LIMIT 1',
      'WITH m AS (SELECT * FROM bronze_machines) SELECT count(*) FROM m',
      'DESCRIBE bronze_machines',
      'SUMMARIZE bronze_machines',
      'SHOW TABLES',
      'VALUES (1), (2)',
      'SELECT 1 UNION ALL SELECT 2',
      "PIVOT bronze_machines ON model IN ('model1', 'model2') USING count(*)",
      `SELECT * FROM read_csv('${join(allowed, 'mine.csv')}')`,
    ];
    for (const text of reads) await expect(query(text)).resolves.toMatchObject({ columns: expect.any(Array) });
  });

  it('names a syntax error, and refuses more than one statement, in one line', () => {
    const typo = sql('SELEC 1');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^lakescore: query: syntax error at or near "SELEC"\n$/);
    const two = sql('SELECT 1; SELECT 2');
    expect(two.code).toBe(2);
    expect(two.stderr).toBe('lakescore: query: expected one statement, got 2\n');
  });
});
