import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { startPostgresServer, type PostgresServer } from '../bench/postgres-server.js';
import { simulate } from '../bronze/simulate/simulate.js';
import type { Row } from '../sql/duckdb.js';
import { readLake, runCli, tempDir, type CliOutcome, type TempDir } from './helpers.js';

/**
 * What the export tests share: a real PostgreSQL server, started for the test file in a temporary
 * directory, and a lake of ten simulated machines whose first two months are loaded, built and
 * scored; March waits in the simulator's files for the nightly export's tests.
 */
const SPLIT = '2015-03-01 00:00:00';
const TABLES = ['telemetry', 'errors', 'maint', 'failures', 'machines'];

export class ExportFixture {
  dir!: TempDir;
  lake!: string;
  inbox!: string;
  server!: PostgresServer;

  /** The binary on this lake, connected to the server through the PG* environment. */
  lakescore(args: string[], env: Record<string, string> = this.server.env): CliOutcome {
    return runCli(['--lake', this.lake, ...args], env);
  }

  /** Puts one part of the simulated tables in the inbox: before (1) or from (2) March. */
  drop(part: 1 | 2): void {
    for (const table of TABLES) {
      const [header, ...rows] = readFileSync(join(this.dir.path, 'sim', `${table}.csv`), 'utf8').trimEnd().split('\n');
      const kept = table === 'machines' ? (part === 1 ? rows : []) : rows.filter((row) => (row.slice(0, 19) < SPLIT) === (part === 1));
      if (kept.length) writeFileSync(join(this.inbox, `${table}-drop${part}.csv`), [header, ...kept].join('\n') + '\n');
    }
  }

  async postgres<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ host: '127.0.0.1', port: this.server.port, user: this.server.user, password: this.server.password, database: this.server.database });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  /** A count from the server. */
  async count(sql: string): Promise<number> {
    return this.postgres(async (c) => Number((await c.query(sql)).rows[0]?.n));
  }

  /** A table's rows as text, in key order: two dumps are equal when the tables are. */
  dump(table: string): Promise<string[]> {
    return this.postgres(async (c) => (await c.query({ text: `SELECT * FROM ${table} ORDER BY machine_id, ts`, rowMode: 'array' })).rows.map((r: unknown[]) => JSON.stringify(r)));
  }

  /** The lake's newest predictions for [from, to) as the export should have delivered them. */
  async expected(from: string, to: string): Promise<string[]> {
    const rows = await readLake(
      this.lake,
      `SELECT * REPLACE (strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts, strftime(scored_at, '%Y-%m-%d %H:%M:%S.%f') AS scored_at)
       FROM results_latest WHERE ts >= TIMESTAMP '${from}' AND ts < TIMESTAMP '${to}' ORDER BY machine_id, ts`,
    );
    return rows.map((r) => JSON.stringify(Object.values(r)));
  }

  /** The same rows read back from PostgreSQL, in the same text form. */
  delivered(table: string, from: string, to: string): Promise<string[]> {
    return this.postgres(async (c) =>
      (
        await c.query({
          text: `SELECT run_id, machine_id, to_char(ts, 'YYYY-MM-DD HH24:MI:SS'), model_name, model_version, p_none, p_comp1, p_comp2, p_comp3, p_comp4, predicted, risk, alert, diagnosis,
                        to_char(scored_at, 'YYYY-MM-DD HH24:MI:SS.US')
                 FROM ${table} WHERE ts >= $1 AND ts < $2 ORDER BY machine_id, ts`,
          values: [from, to],
          rowMode: 'array',
        })
      ).rows.map((r: unknown[]) => JSON.stringify(r.map((v, i) => (i === 0 ? Number(v) : v)))),
    );
  }

  exportsRows(): Promise<Row[]> {
    return readLake(this.lake, 'SELECT * FROM exports ORDER BY export_id');
  }
}

/** Starts the server and builds the lake before the file's tests, and removes both after them. */
export function useExportFixture(): ExportFixture {
  const fixture = new ExportFixture();
  beforeAll(async () => {
    fixture.server = await startPostgresServer();
    fixture.dir = tempDir();
    fixture.lake = join(fixture.dir.path, 'lake');
    fixture.inbox = join(fixture.dir.path, 'inbox');
    mkdirSync(fixture.inbox);
    await simulate({ machines: 10, from: '2015-01-01', days: 90, seed: 8, format: 'csv', dirty: 0, out: join(fixture.dir.path, 'sim') });
    fixture.drop(1);
    const steps = [
      ['ingest', fixture.inbox],
      ['build', 'all'],
      ['train', '--from', '2015-01-01', '--to', '2015-02-01', '--test-to', '2015-03-01', '--trees', '10'],
      ['models', 'promote', 'pdm@1', '--alias', 'production'],
      ['score', '--from', '2015-01-01', '--to', '2015-03-01'],
    ];
    for (const step of steps) expect(fixture.lakescore(step).code).toBe(0);
  }, 120_000);
  afterAll(() => {
    fixture.server?.remove();
    fixture.dir?.remove();
  });
  return fixture;
}
