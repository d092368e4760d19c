import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../sql/paths.js';
import { PUBLIC_DATA, tempDir, type TempDir } from './helpers.js';

/**
 * `lakescore sql` reads the lake and nothing else, enforced by DuckDB's own settings: every
 * escape a hostile query could try fails, and nothing outside the lake is read or written.
 */
const BIN = join(packageRoot, 'dist', 'cli', 'main.js');
const SECRET = 'do-not-leak-7f3a';
let dir: TempDir;
let lake: string;
let outside: string;

function sql(query: string, ...flags: string[]) {
  const result = spawnSync(process.execPath, [BIN, '--lake', lake, 'sql', ...flags, '--', query], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under a directory with its size and modification time: what a write would change. */
function snapshot(root: string): string[] {
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  return walk(root).map((f) => `${f} ${statSync(f).size} ${statSync(f).mtimeMs}`).sort();
}

beforeAll(() => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  outside = join(dir.path, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), `${SECRET}\n`);
  writeFileSync(join(outside, 'secret.csv'), `a\n${SECRET}\n`);
  const ingest = spawnSync(process.execPath, [BIN, '--lake', lake, 'ingest', join(PUBLIC_DATA, 'PdM_machines.csv.gz')], { encoding: 'utf8' });
  expect(ingest.status).toBe(0);
  const copy = sql('SELECT 1 AS one', '--format', 'parquet', '--out', join(outside, 'own.parquet'));
  expect(copy.code).toBe(0);
});
afterAll(() => dir.remove());

describe('lakescore sql in its sandbox', () => {
  it('refuses every way out, and reads or writes nothing outside the lake', () => {
    const bronzeFile = readdirSync(join(lake, 'bronze', 'machines'))[0] as string;
    const published = join(lake, 'bronze', 'machines', bronzeFile);
    const before = [...snapshot(dir.path)];
    const escapes = [
      `SELECT * FROM read_text('${join(outside, 'secret.txt')}')`,
      `SELECT * FROM read_blob('${join(outside, 'secret.txt')}')`,
      `SELECT * FROM read_csv('${join(outside, 'secret.csv')}')`,
      `SELECT * FROM glob('${outside}/*')`,
      `SELECT * FROM read_parquet('${join(outside, 'own.parquet')}')`,
      `EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '${published}' (FORMAT parquet)`,
      `COPY (SELECT 1 AS x) TO '${join(outside, 'written.csv')}'`,
      `WITH x AS (SELECT 1) COPY (SELECT * FROM x) TO '${join(outside, 'written.csv')}'`,
      `ATTACH '${join(outside, 'attached.db')}'`,
      'LOAD httpfs',
      'INSTALL httpfs',
      'CALL pragma_version()',
      'PRAGMA enable_profiling',
      'SET enable_external_access = true',
      `EXPORT DATABASE '${join(outside, 'exported')}'`,
    ];
    for (const query of escapes) {
      const { code, stdout, stderr } = sql(query);
      expect({ query, code }).toEqual({ query, code: 2 });
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stdout + stderr).not.toContain(SECRET);
    }
    expect(snapshot(dir.path)).toEqual(before);
    expect(existsSync(join(outside, 'exported'))).toBe(false);
  });

  it('reads a directory the user names with --allow-read, and writes parquet output itself', () => {
    const allowed = sql(`SELECT * FROM read_csv('${join(outside, 'secret.csv')}')`, '--allow-read', outside, '--format', 'csv');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain(SECRET);
    const out = join(outside, 'machines.parquet');
    expect(sql('SELECT count(*) AS n FROM bronze_machines', '--format', 'parquet', '--out', out).code).toBe(0);
    expect(readFileSync(out).subarray(0, 4).toString()).toBe('PAR1');
    expect(sql('SELECT count(*) AS n FROM loads').stdout).toMatch(/\b1\b/);
  });
});
