import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../sql/paths.js';
import { useExportFixture } from './export-fixture.js';
import { BIN, runCli } from './helpers.js';

/** `lakescore export postgres` against a real PostgreSQL server (see export-fixture.ts). */
const f = useExportFixture();

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

describe('lakescore export postgres', () => {
  it('creates a typed table keyed by (machine_id, ts) and copies the last scoring run', async () => {
    const first = f.lakescore(['export', 'postgres', '--table', 'risks']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/export 1: [\d,]+ rows for \[2015-01-01 00:00, 2015-03-01 00:00\) into postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres table risks/);
    expect(await f.delivered('risks', '2015-01-01', '2015-03-01')).toEqual(await f.expected('2015-01-01', '2015-03-01'));
    const key = await f.postgres(async (c) =>
      (await c.query(`SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'risks'::regclass AND i.indisprimary ORDER BY a.attname`)).rows.map((r: { attname: string }) => r.attname),
    );
    expect(key).toEqual(['machine_id', 'ts']);
    const types = await f.postgres(async (c) => (await c.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'risks' AND column_name IN ('machine_id', 'ts', 'p_none')  ORDER BY 1`)).rows);
    expect(types).toEqual([
      { column_name: 'machine_id', data_type: 'integer' },
      { column_name: 'p_none', data_type: 'double precision' },
      { column_name: 'ts', data_type: 'timestamp without time zone' },
    ]);
  });

  it('gives the same table when run twice, and records both exports', async () => {
    const before = await f.dump('risks');
    expect(f.lakescore(['export', 'postgres', '--table', 'risks']).code).toBe(0);
    expect(await f.dump('risks')).toEqual(before);
    const exports = await f.exportsRows();
    expect(exports.map((e) => [e.status, e.mode, e.table_name])).toEqual([
      ['succeeded', 'run', 'risks'],
      ['succeeded', 'run', 'risks'],
    ]);
    expect(Number(exports[1]?.row_count)).toBe(before.length);
    const runs = f.lakescore(['runs', '--format', 'csv']).stdout;
    expect(runs).toMatch(/^export,2,"risks at postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres \[2015-01-01 00:00, 2015-03-01 00:00\)",succeeded,\d+/m);
  });

  it('replaces exactly the range of a re-score and never touches rows outside it', async () => {
    await f.postgres((c) => c.query(`INSERT INTO risks (machine_id, ts, predicted) VALUES (99, '2014-12-31 12:00', 'outside'), (1, '2015-06-01 00:00', 'outside')`));
    const before = await f.delivered('risks', '2015-01-01', '2015-03-01');
    expect(f.lakescore(['score', '--from', '2015-02-01', '--to', '2015-02-08']).code).toBe(0);
    const exported = f.lakescore(['export', 'postgres', '--table', 'risks']);
    expect(exported.stdout).toMatch(/rows for \[2015-02-01 00:00, 2015-02-08 00:00\)/);
    const inRange = await f.delivered('risks', '2015-02-01', '2015-02-08');
    expect(inRange).toEqual(await f.expected('2015-02-01', '2015-02-08'));
    expect(inRange.every((row) => JSON.parse(row)[0] === 2)).toBe(true);
    const outside = (rows: string[]): string[] => rows.filter((row) => { const ts = JSON.parse(row)[2] as string; return ts < '2015-02-01' || ts >= '2015-02-08'; });
    expect(outside(await f.delivered('risks', '2015-01-01', '2015-03-01'))).toEqual(outside(before));
    expect(await f.count(`SELECT count(*)::int AS n FROM risks WHERE predicted = 'outside'`)).toBe(2);
  });

  it('exports a range or a run, renaming and selecting columns by flag or by the fleet definition', async () => {
    const flagged = f.lakescore(['export', 'postgres', '--table', 'mapped', '--from', '2015-02-10', '--to', '2015-02-12', '--columns', 'machine_id:asset,ts:scored_for,p_none:healthy']);
    expect(flagged.code, flagged.stderr).toBe(0);
    const columns = await f.postgres(async (c) => (await c.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'mapped' ORDER BY ordinal_position`)).rows.map((r: { column_name: string }) => r.column_name));
    expect(columns).toEqual(['asset', 'scored_for', 'healthy']);
    expect(await f.count(`SELECT count(*)::int AS n FROM mapped`)).toBe((await f.expected('2015-02-10', '2015-02-12')).length);

    const fleetFile = join(f.dir.path, 'fleet.yaml');
    writeFileSync(fleetFile, readFileSync(join(packageRoot, 'fleet', 'default.yaml'), 'utf8') + '\nexport:\n  columns:\n    machine_id: asset\n    ts: scored_for\n    p_none: healthy\n');
    const byDefinition = f.lakescore(['--fleet', fleetFile, 'export', 'postgres', '--table', 'mapped', '--run', '1']);
    expect(byDefinition.code, byDefinition.stderr).toBe(0);
    expect(byDefinition.stdout).toMatch(/rows for \[2015-01-01 00:00, 2015-03-01 00:00\)/);
    expect(await f.count(`SELECT count(*)::int AS n FROM mapped`)).toBe((await f.expected('2015-01-01', '2015-03-01')).length);

    const keyless = f.lakescore(['export', 'postgres', '--table', 'mapped', '--columns', 'ts,p_none']);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toBe("lakescore: the export must include machine_id: the target table's key is (machine_id, ts)\n");
  });

  it('exits 75 when the server is down, leaves the table as it was, and records the attempt', async () => {
    const before = await f.dump('risks');
    f.server.stop();
    try {
      const down = f.lakescore(['export', 'postgres', '--table', 'risks']);
      expect(down.code).toBe(75);
      expect(down.stderr).toMatch(/^lakescore: cannot reach postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres: connect ECONNREFUSED .*try again later\)\n$/);
    } finally {
      f.server.start();
    }
    expect(await f.dump('risks')).toEqual(before);
    const last = (await f.exportsRows()).at(-1);
    expect(last?.status).toBe('failed');
    expect(String(last?.error)).toMatch(/ECONNREFUSED/);
  });

  it('never shows, logs or stores a password, right or wrong, from the environment, a URL or ~/.pgpass', async () => {
    const wrong = 'Wr0ng-Secret-Passw0rd';
    const bad = f.lakescore(['export', 'postgres', '--table', 'risks'], { ...f.server.env, PGPASSWORD: wrong });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/password authentication failed for user "postgres" \(SQLSTATE 28P01\); the table is unchanged\n$/);
    const url = `postgresql://postgres:${wrong}@127.0.0.1:${f.server.port}/postgres`;
    const badUrl = f.lakescore(['export', 'postgres', '--table', 'risks', '--url', url], {});
    expect(badUrl.code).toBe(2);

    const pgpass = join(f.dir.path, 'pgpass');
    writeFileSync(pgpass, `127.0.0.1:${f.server.port}:*:postgres:${f.server.password}\n`, { mode: 0o600 });
    const { PGPASSWORD: _, ...withoutPassword } = f.server.env;
    const fromFile = f.lakescore(['export', 'postgres', '--table', 'risks'], { ...withoutPassword, PGPASSFILE: pgpass });
    expect(fromFile.code, fromFile.stderr).toBe(0);

    const runs = f.lakescore(['runs', '--format', 'json']);
    for (const secret of [wrong, f.server.password]) {
      for (const text of [bad.stdout, bad.stderr, badUrl.stdout, badUrl.stderr, fromFile.stdout, fromFile.stderr, runs.stdout]) expect(text).not.toContain(secret);
      expect(everyFileContains(f.lake, secret)).toEqual([]);
    }
  });

  it('leaves the table as it was when the export is killed during COPY, and the next writer marks it failed', async () => {
    await f.postgres(async (c) => {
      await c.query(`CREATE TABLE slow (LIKE risks INCLUDING ALL)`);
      await c.query(`INSERT INTO slow SELECT * FROM risks`);
      // every row COPY inserts waits, so the export is certainly mid-COPY when it is killed
      await c.query(`CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(1); RETURN NEW; END $$`);
      await c.query(`CREATE TRIGGER slow_row BEFORE INSERT ON slow FOR EACH ROW EXECUTE FUNCTION slow_row()`);
    });
    const before = await f.dump('slow');
    const child = spawn(process.execPath, [BIN, '--lake', f.lake, 'export', 'postgres', '--table', 'slow'], { env: { ...process.env, ...f.server.env }, stdio: 'ignore' });
    const ended = new Promise((resolve) => child.on('exit', resolve));
    const copying = async (): Promise<boolean> =>
      (await f.count(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'lakescore export' AND query LIKE 'COPY%'`)) > 0;
    const deadline = Date.now() + 30_000;
    while (!(await copying())) {
      if (Date.now() > deadline) throw new Error('the export never reached COPY');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await ended;
    expect(await f.dump('slow')).toEqual(before);
    await f.postgres((c) => c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lakescore export'`));
    expect(await f.dump('slow')).toEqual(before);
    expect((await f.exportsRows()).at(-1)?.status).toBe('running');
    const next = f.lakescore(['export', 'postgres', '--table', 'risks']);
    expect(next.stderr).toContain('marked 1 interrupted export(s) failed');
    const interrupted = (await f.exportsRows()).find((e) => e.table_name === 'slow');
    expect([interrupted?.status, interrupted?.error]).toEqual(['failed', 'interrupted: the export process ended before it finished']);
  });
});

describe('an export that fails on either side of the pipe', () => {
  it('rolls back when the server refuses a row mid-COPY, and says why', async () => {
    await f.postgres(async (c) => {
      await c.query(`CREATE TABLE strict (LIKE risks INCLUDING ALL, CHECK (machine_id < 5))`);
      await c.query(`INSERT INTO strict SELECT * FROM risks WHERE machine_id < 5`);
    });
    const before = await f.dump('strict');
    const refused = f.lakescore(['export', 'postgres', '--table', 'strict']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^lakescore: export to postgresql:\/\/\S+ table strict failed: new row for relation "strict" violates check constraint "strict_machine_id_check" \(SQLSTATE 23514\); the table is unchanged\n$/);
    expect(await f.dump('strict')).toEqual(before);
  });

  it('rolls back when the lake cannot give the rows, and names the damaged file', async () => {
    const copy = join(f.dir.path, 'damaged-lake');
    cpSync(f.lake, copy, { recursive: true });
    const file = readdirSync(join(copy, 'results')).find((name) => name.endsWith('.parquet'));
    writeFileSync(join(copy, 'results', String(file)), 'not parquet');
    const before = await f.dump('risks');
    const damaged = runCli(['--lake', copy, 'export', 'postgres', '--table', 'risks'], f.server.env);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain(String(file));
    expect(await f.dump('risks')).toEqual(before);
  });
  it('adds the columns results gained (risk, alert, diagnosis) to a table an earlier export made, keeping its rows', async () => {
    await f.postgres((c) =>
      c.query(`CREATE TABLE older (run_id bigint, machine_id integer NOT NULL, ts timestamp NOT NULL, model_name text, model_version integer,
        p_none double precision, p_comp1 double precision, p_comp2 double precision, p_comp3 double precision, p_comp4 double precision,
        predicted text, scored_at timestamp, PRIMARY KEY (machine_id, ts))`),
    );
    const out = f.lakescore(['export', 'postgres', '--table', 'older']);
    expect(out.code, out.stderr).toBe(0);
    const [, from, to] = /for \[(\S+ \S+), (\S+ \S+)\)/.exec(out.stdout) ?? [];
    expect(await f.delivered('older', String(from), String(to))).toEqual(await f.expected(String(from), String(to)));
    const added = await f.postgres(async (c) => (await c.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'older' AND column_name IN ('risk', 'alert', 'diagnosis') ORDER BY 1`)).rows);
    expect(added).toEqual([
      { column_name: 'alert', data_type: 'boolean' },
      { column_name: 'diagnosis', data_type: 'text' },
      { column_name: 'risk', data_type: 'double precision' },
    ]);
  });
});
