import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresServer, type PostgresServer } from '../bench/postgres-server.js';
import { simulate } from '../bronze/simulate/simulate.js';
import { packageRoot } from '../sql/paths.js';
import { BIN, readLake, runCli, tempDir, type CliOutcome, type TempDir } from './helpers.js';

/**
 * `lakescore export postgres` and `run --export-table` against a real PostgreSQL server, started
 * for this file in a temporary directory. The lake: ten simulated machines, the first two months
 * loaded and scored by the nightly job; March arrives later, for the nightly export's catch-up.
 */
const SPLIT = '2015-03-01 00:00:00';
let dir: TempDir;
let lake: string;
let inbox: string;
let server: PostgresServer;

const lakescore = (args: string[], env: Record<string, string> = server.env): CliOutcome => runCli(['--lake', lake, ...args], env);

function drop(source: string, table: string, part: 1 | 2): void {
  const [header, ...rows] = readFileSync(join(source, `${table}.csv`), 'utf8').trimEnd().split('\n');
  const kept = table === 'machines' ? (part === 1 ? rows : []) : rows.filter((row) => (row.slice(0, 19) < SPLIT) === (part === 1));
  if (kept.length) writeFileSync(join(inbox, `${table}-drop${part}.csv`), [header, ...kept].join('\n') + '\n');
}

async function postgres<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: server.user, password: server.password, database: server.database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A table's rows as text, in key order: two dumps are equal when the tables are. */
const dump = (table: string): Promise<string[]> =>
  postgres(async (c) => (await c.query({ text: `SELECT * FROM ${table} ORDER BY machine_id, ts`, rowMode: 'array' })).rows.map((r: unknown[]) => JSON.stringify(r)));

/** The lake's newest predictions for [from, to) as the export should have delivered them. */
const expected = async (from: string, to: string): Promise<string[]> =>
  (
    await readLake(
      lake,
      `SELECT * REPLACE (strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts, strftime(scored_at, '%Y-%m-%d %H:%M:%S.%f') AS scored_at)
       FROM results_latest WHERE ts >= TIMESTAMP '${from}' AND ts < TIMESTAMP '${to}' ORDER BY machine_id, ts`,
    )
  ).map((r) => JSON.stringify(Object.values(r)));

/** The same rows read back from PostgreSQL, in the same text form. */
const delivered = (table: string, from: string, to: string): Promise<string[]> =>
  postgres(async (c) =>
    (
      await c.query({
        text: `SELECT run_id, machine_id, to_char(ts, 'YYYY-MM-DD HH24:MI:SS'), model_name, model_version, p_none, p_comp1, p_comp2, p_comp3, p_comp4, predicted,
                      to_char(scored_at, 'YYYY-MM-DD HH24:MI:SS.US')
               FROM ${table} WHERE ts >= $1 AND ts < $2 ORDER BY machine_id, ts`,
        values: [from, to],
        rowMode: 'array',
      })
    ).rows.map((r: unknown[]) => JSON.stringify(r.map((v, i) => (i === 0 ? Number(v) : v)))),
  );

const exportsRows = (): Promise<Record<string, unknown>[]> => readLake(lake, 'SELECT * FROM exports ORDER BY export_id');

/** Every byte under a directory, to show that a secret was written nowhere. */
function everyFileContains(root: string, secret: string): string[] {
  const hits: string[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      if (statSync(child).isDirectory()) walk(child);
      else if (readFileSync(child).includes(secret)) hits.push(child);
    }
  };
  walk(root);
  return hits;
}

beforeAll(async () => {
  server = await startPostgresServer();
  dir = tempDir();
  lake = join(dir.path, 'lake');
  inbox = join(dir.path, 'inbox');
  mkdirSync(inbox);
  const sim = join(dir.path, 'sim');
  await simulate({ machines: 10, from: '2015-01-01', days: 90, seed: 8, format: 'csv', dirty: 0, out: sim });
  for (const table of ['telemetry', 'errors', 'maint', 'failures', 'machines']) drop(sim, table, 1);
  expect(lakescore(['ingest', inbox]).code).toBe(0);
  expect(lakescore(['build', 'all']).code).toBe(0);
  expect(lakescore(['train', '--from', '2015-01-01', '--to', '2015-02-01', '--test-to', '2015-03-01', '--trees', '10']).code).toBe(0);
  expect(lakescore(['models', 'promote', 'pdm@1', '--alias', 'production']).code).toBe(0);
  expect(lakescore(['score', '--from', '2015-01-01', '--to', '2015-03-01']).code).toBe(0);
}, 120_000);
afterAll(() => {
  server?.remove();
  dir?.remove();
});

describe('lakescore export postgres', () => {
  it('creates a typed table keyed by (machine_id, ts) and copies the last scoring run', async () => {
    const first = lakescore(['export', 'postgres', '--table', 'risks']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/export 1: [\d,]+ rows for \[2015-01-01 00:00, 2015-03-01 00:00\) into postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres table risks/);
    expect(await delivered('risks', '2015-01-01', '2015-03-01')).toEqual(await expected('2015-01-01', '2015-03-01'));
    const key = await postgres(async (c) =>
      (await c.query(`SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'risks'::regclass AND i.indisprimary ORDER BY a.attname`)).rows.map((r: { attname: string }) => r.attname),
    );
    expect(key).toEqual(['machine_id', 'ts']);
    const types = await postgres(async (c) => (await c.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'risks' AND column_name IN ('machine_id', 'ts', 'p_none')  ORDER BY 1`)).rows);
    expect(types).toEqual([
      { column_name: 'machine_id', data_type: 'integer' },
      { column_name: 'p_none', data_type: 'double precision' },
      { column_name: 'ts', data_type: 'timestamp without time zone' },
    ]);
  });

  it('gives the same table when run twice, and records both exports', async () => {
    const before = await dump('risks');
    expect(lakescore(['export', 'postgres', '--table', 'risks']).code).toBe(0);
    expect(await dump('risks')).toEqual(before);
    const exports = await exportsRows();
    expect(exports.map((e) => [e.status, e.mode, e.table_name])).toEqual([
      ['succeeded', 'run', 'risks'],
      ['succeeded', 'run', 'risks'],
    ]);
    expect(Number(exports[1]?.row_count)).toBe(before.length);
    const runs = lakescore(['runs', '--format', 'csv']).stdout;
    expect(runs).toMatch(/^export,2,"risks at postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres \[2015-01-01 00:00, 2015-03-01 00:00\)",succeeded,\d+/m);
  });

  it('replaces exactly the range of a re-score and never touches rows outside it', async () => {
    await postgres((c) => c.query(`INSERT INTO risks (machine_id, ts, predicted) VALUES (99, '2014-12-31 12:00', 'outside'), (1, '2015-06-01 00:00', 'outside')`));
    const before = await delivered('risks', '2015-01-01', '2015-03-01');
    expect(lakescore(['score', '--from', '2015-02-01', '--to', '2015-02-08']).code).toBe(0);
    const exported = lakescore(['export', 'postgres', '--table', 'risks']);
    expect(exported.stdout).toMatch(/rows for \[2015-02-01 00:00, 2015-02-08 00:00\)/);
    const inRange = await delivered('risks', '2015-02-01', '2015-02-08');
    expect(inRange).toEqual(await expected('2015-02-01', '2015-02-08'));
    expect(inRange.every((row) => JSON.parse(row)[0] === 2)).toBe(true);
    const outside = (rows: string[]): string[] => rows.filter((row) => { const ts = JSON.parse(row)[2] as string; return ts < '2015-02-01' || ts >= '2015-02-08'; });
    expect(outside(await delivered('risks', '2015-01-01', '2015-03-01'))).toEqual(outside(before));
    expect(await postgres(async (c) => (await c.query(`SELECT count(*)::int AS n FROM risks WHERE predicted = 'outside'`)).rows[0].n)).toBe(2);
  });

  it('exports a range or a run, renaming and selecting columns by flag or by the fleet definition', async () => {
    const flagged = lakescore(['export', 'postgres', '--table', 'mapped', '--from', '2015-02-10', '--to', '2015-02-12', '--columns', 'machine_id:asset,ts:scored_for,p_none:healthy']);
    expect(flagged.code, flagged.stderr).toBe(0);
    const columns = await postgres(async (c) => (await c.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'mapped' ORDER BY ordinal_position`)).rows.map((r: { column_name: string }) => r.column_name));
    expect(columns).toEqual(['asset', 'scored_for', 'healthy']);
    expect(await postgres(async (c) => (await c.query(`SELECT count(*)::int AS n FROM mapped`)).rows[0].n)).toBe((await expected('2015-02-10', '2015-02-12')).length);

    const fleetFile = join(dir.path, 'fleet.yaml');
    writeFileSync(fleetFile, readFileSync(join(packageRoot, 'fleet', 'default.yaml'), 'utf8') + '\nexport:\n  columns:\n    machine_id: asset\n    ts: scored_for\n    p_none: healthy\n');
    const byDefinition = lakescore(['--fleet', fleetFile, 'export', 'postgres', '--table', 'mapped', '--run', '1']);
    expect(byDefinition.code, byDefinition.stderr).toBe(0);
    expect(byDefinition.stdout).toMatch(/rows for \[2015-01-01 00:00, 2015-03-01 00:00\)/);
    expect(await postgres(async (c) => (await c.query(`SELECT count(*)::int AS n FROM mapped`)).rows[0].n)).toBe((await expected('2015-01-01', '2015-03-01')).length);

    const keyless = lakescore(['export', 'postgres', '--table', 'mapped', '--columns', 'ts,p_none']);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toBe("lakescore: the export must include machine_id: the target table's key is (machine_id, ts)\n");
  });

  it('exits 75 when the server is down, leaves the table as it was, and records the attempt', async () => {
    const before = await dump('risks');
    server.stop();
    try {
      const down = lakescore(['export', 'postgres', '--table', 'risks']);
      expect(down.code).toBe(75);
      expect(down.stderr).toMatch(/^lakescore: cannot reach postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres: connect ECONNREFUSED .*try again later\)\n$/);
    } finally {
      server.start();
    }
    expect(await dump('risks')).toEqual(before);
    const last = (await exportsRows()).at(-1);
    expect(last?.status).toBe('failed');
    expect(String(last?.error)).toMatch(/ECONNREFUSED/);
  });

  it('never shows, logs or stores a password, right or wrong, from the environment, a URL or ~/.pgpass', async () => {
    const wrong = 'Wr0ng-Secret-Passw0rd';
    const bad = lakescore(['export', 'postgres', '--table', 'risks'], { ...server.env, PGPASSWORD: wrong });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/password authentication failed for user "postgres" \(SQLSTATE 28P01\); the table is unchanged\n$/);
    const url = `postgresql://postgres:${wrong}@127.0.0.1:${server.port}/postgres`;
    const badUrl = lakescore(['export', 'postgres', '--table', 'risks', '--url', url], {});
    expect(badUrl.code).toBe(2);

    const pgpass = join(dir.path, 'pgpass');
    writeFileSync(pgpass, `127.0.0.1:${server.port}:*:postgres:${server.password}\n`, { mode: 0o600 });
    const { PGPASSWORD: _, ...withoutPassword } = server.env;
    const fromFile = lakescore(['export', 'postgres', '--table', 'risks'], { ...withoutPassword, PGPASSFILE: pgpass });
    expect(fromFile.code, fromFile.stderr).toBe(0);

    const runs = lakescore(['runs', '--format', 'json']);
    for (const secret of [wrong, server.password]) {
      for (const text of [bad.stdout, bad.stderr, badUrl.stdout, badUrl.stderr, fromFile.stdout, fromFile.stderr, runs.stdout]) expect(text).not.toContain(secret);
      expect(everyFileContains(lake, secret)).toEqual([]);
    }
  });

  it('leaves the table as it was when the export is killed during COPY, and the next writer marks it failed', async () => {
    await postgres(async (c) => {
      await c.query(`CREATE TABLE slow (LIKE risks INCLUDING ALL)`);
      await c.query(`INSERT INTO slow SELECT * FROM risks`);
      // every row COPY inserts waits, so the export is certainly mid-COPY when it is killed
      await c.query(`CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(1); RETURN NEW; END $$`);
      await c.query(`CREATE TRIGGER slow_row BEFORE INSERT ON slow FOR EACH ROW EXECUTE FUNCTION slow_row()`);
    });
    const before = await dump('slow');
    const child = spawn(process.execPath, [BIN, '--lake', lake, 'export', 'postgres', '--table', 'slow'], { env: { ...process.env, ...server.env }, stdio: 'ignore' });
    const ended = new Promise((resolve) => child.on('exit', resolve));
    const copying = async (): Promise<boolean> =>
      postgres(async (c) => (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'lakescore export' AND query LIKE 'COPY%'`)).rows[0].n > 0);
    const deadline = Date.now() + 30_000;
    while (!(await copying())) {
      if (Date.now() > deadline) throw new Error('the export never reached COPY');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await ended;
    expect(await dump('slow')).toEqual(before);
    await postgres((c) => c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lakescore export'`));
    expect(await dump('slow')).toEqual(before);
    expect((await exportsRows()).at(-1)?.status).toBe('running');
    const next = lakescore(['export', 'postgres', '--table', 'risks']);
    expect(next.stderr).toContain('marked 1 interrupted export(s) failed');
    const interrupted = (await exportsRows()).find((e) => e.table_name === 'slow');
    expect([interrupted?.status, interrupted?.error]).toEqual(['failed', 'interrupted: the export process ended before it finished']);
  });
});

describe('an export that fails on either side of the pipe', () => {
  it('rolls back when the server refuses a row mid-COPY, and says why', async () => {
    await postgres(async (c) => {
      await c.query(`CREATE TABLE strict (LIKE risks INCLUDING ALL, CHECK (machine_id < 5))`);
      await c.query(`INSERT INTO strict SELECT * FROM risks WHERE machine_id < 5`);
    });
    const before = await dump('strict');
    const refused = lakescore(['export', 'postgres', '--table', 'strict']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^lakescore: export to postgresql:\/\/\S+ table strict failed: new row for relation "strict" violates check constraint "strict_machine_id_check" \(SQLSTATE 23514\); the table is unchanged\n$/);
    expect(await dump('strict')).toEqual(before);
  });

  it('rolls back when the lake cannot give the rows, and names the damaged file', async () => {
    const copy = join(dir.path, 'damaged-lake');
    cpSync(lake, copy, { recursive: true });
    const file = readdirSync(join(copy, 'results')).find((name) => name.endsWith('.parquet'));
    writeFileSync(join(copy, 'results', String(file)), 'not parquet');
    const before = await dump('risks');
    const damaged = runCli(['--lake', copy, 'export', 'postgres', '--table', 'risks'], server.env);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain(String(file));
    expect(await dump('risks')).toEqual(before);
  });
});

describe('lakescore run --export-table', () => {
  it('exports after scoring; a failed export keeps the scoring and is caught up by the next night', async () => {
    for (const table of ['telemetry', 'errors', 'maint', 'failures']) drop(join(dir.path, 'sim'), table, 2);
    const first = lakescore(['run', '--inbox', inbox, '--export-table', 'nightly']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/ {2}export {2}export \d+: [\d,]+ rows for \[2015-01-01 00:00, 2015-03-31 12:00:00\.001\)/);
    expect(await delivered('nightly', '2014-01-01', '2016-01-01')).toEqual(await expected('2014-01-01', '2016-01-01'));

    // a re-score, then a night whose export cannot reach the server
    expect(lakescore(['score', '--from', '2015-03-10', '--to', '2015-03-12']).code).toBe(0);
    server.stop();
    let night: CliOutcome;
    try {
      night = lakescore(['run', '--inbox', inbox, '--export-table', 'nightly']);
    } finally {
      server.start();
    }
    expect(night.code).toBe(75);
    expect(night.stderr).toContain("export  failed (below); the night's scoring stands");
    expect(night.stderr).toMatch(/lakescore: cannot reach .*\n$/);

    const caughtUp = lakescore(['run', '--inbox', inbox, '--export-table', 'nightly']);
    expect(caughtUp.code, caughtUp.stderr).toBe(0);
    expect(caughtUp.stderr).toMatch(/export \d+: [\d,]+ rows for \[2015-03-10 00:00, 2015-03-12 00:00\)/);
    expect(await delivered('nightly', '2014-01-01', '2016-01-01')).toEqual(await expected('2014-01-01', '2016-01-01'));
    // two late re-scores far apart: only their two days are replaced, not the weeks between
    await postgres((c) => c.query(`INSERT INTO nightly (machine_id, ts, predicted) VALUES (99, '2015-03-10 00:00', 'between')`));
    expect(lakescore(['score', '--from', '2015-01-05', '--to', '2015-01-06']).code).toBe(0);
    expect(lakescore(['score', '--from', '2015-03-20', '--to', '2015-03-21']).code).toBe(0);
    const twoRanges = lakescore(['run', '--inbox', inbox, '--export-table', 'nightly']);
    expect(twoRanges.stderr).toMatch(/export \d+: [\d,]+ rows for \[2015-01-05 00:00, 2015-03-21 00:00\) in 2 ranges/);
    expect(await postgres(async (c) => (await c.query(`SELECT count(*)::int AS n FROM nightly WHERE predicted = 'between'`)).rows[0].n)).toBe(1);
    await postgres((c) => c.query(`DELETE FROM nightly WHERE predicted = 'between'`));
    expect(await delivered('nightly', '2014-01-01', '2016-01-01')).toEqual(await expected('2014-01-01', '2016-01-01'));
    expect(lakescore(['runs', '--format', 'csv']).stdout).toMatch(/^export,\d+,"nightly at \S+ \[2015-01-05 00:00, 2015-03-21 00:00\) in 2 ranges",succeeded/m);

    const quiet = lakescore(['run', '--inbox', inbox, '--export-table', 'nightly']);
    expect(quiet.stderr).toContain('nothing new to export');
    expect(quiet.stderr).toContain('nothing new: nothing was done');
  });

  it('exits 2 when files were rejected, even if the export failed too, and says both', () => {
    writeFileSync(join(inbox, 'telemetry-broken.csv'), 'not,the,columns\n1,2,3\n');
    server.stop();
    let night: CliOutcome;
    try {
      expect(lakescore(['score', '--from', '2015-03-25', '--to', '2015-03-26']).code).toBe(0);
      night = lakescore(['run', '--inbox', inbox, '--export-table', 'nightly']);
    } finally {
      server.start();
    }
    expect(night.code).toBe(2);
    expect(night.stderr).toMatch(/lakescore: 1 file\(s\) in the inbox were rejected; the rest was processed; the export failed too: cannot reach .*\n$/);
  });

  it('refuses a bad table name before the night starts', () => {
    const { code, stderr } = lakescore(['run', '--inbox', inbox, '--export-table', 'Risks;drop']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^lakescore: table Risks;drop: expected NAME or SCHEMA\.NAME/);
  });
});
