import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useExportFixture } from './export-fixture.js';
import { readLake, tempDir } from './helpers.js';

/**
 * What the export's session is, whatever the server or the client says: its times are UTC, and its
 * encryption is what sslmode asks for, with psql's meaning (against a real server: export-fixture.ts).
 */
const f = useExportFixture();

const COLUMNS = ['--columns', 'machine_id,ts,p_none,scored_at'];

/** The lake's newest predictions, times as UTC text. */
async function lakeRows(): Promise<string[]> {
  const rows = await readLake(
    f.lake,
    `SELECT machine_id, strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts, p_none, strftime(scored_at, '%Y-%m-%d %H:%M:%S.%f') AS scored_at
     FROM results_latest WHERE ts >= TIMESTAMP '2015-01-01' AND ts < TIMESTAMP '2015-03-01' ORDER BY machine_id, ts`,
  );
  return rows.map((r) => JSON.stringify(Object.values(r)));
}

/** The target's rows, its timestamptz columns read back in UTC. */
function zonedRows(): Promise<string[]> {
  return f.postgres(async (c) =>
    (
      await c.query({
        text: `SELECT machine_id, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), p_none, to_char(scored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM zoned ORDER BY machine_id, ts`,
        rowMode: 'array',
      })
    ).rows.map((r: unknown[]) => JSON.stringify(r)),
  );
}

function url(query: string): string {
  return `postgresql://${f.server.user}@127.0.0.1:${f.server.port}/${f.server.database}?${query}`;
}

/** Exports over a --url; the password from the environment. */
function exportOver(query: string) {
  return f.lakescore(['export', 'postgres', '--table', 'risks', '--url', url(query)], { PGPASSWORD: f.server.password });
}

/**
 * A self-signed certificate for 127.0.0.1 in a directory of its own that the server's user can
 * read: PostgreSQL runs as `postgres` when the tests run as root (bench/postgres-server.ts).
 */
function serverCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'pipe' });
  chmodSync(key, 0o600);
  if (process.getuid?.() === 0) {
    const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    for (const path of [dir, cert, key]) chownSync(path, id('-u'), id('-g'));
  }
  return { cert, key };
}

async function setSsl(on: { cert: string; key: string } | undefined): Promise<void> {
  await f.postgres(async (c) => {
    if (on) {
      await c.query(`ALTER SYSTEM SET ssl_cert_file = '${on.cert}'`);
      await c.query(`ALTER SYSTEM SET ssl_key_file = '${on.key}'`);
    }
    await c.query(on ? 'ALTER SYSTEM SET ssl = on' : 'ALTER SYSTEM RESET ssl');
    await c.query('SELECT pg_reload_conf()');
  });
  // a new backend reads the reloaded configuration once the postmaster has
  const deadline = Date.now() + 10_000;
  while ((await f.postgres(async (c) => (await c.query('SHOW ssl')).rows[0]?.ssl)) !== (on ? 'on' : 'off')) {
    if (Date.now() > deadline) throw new Error('the server did not take the ssl setting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the export session', () => {
  it('delivers exact UTC times into timestamptz columns, twice, whatever zone the session was given', async () => {
    await f.postgres((c) => c.query(`CREATE TABLE zoned (machine_id integer NOT NULL, ts timestamptz NOT NULL, p_none double precision, scored_at timestamptz, PRIMARY KEY (machine_id, ts))`));
    const expected = await lakeRows();
    const zone = 'America/New_York';
    const client = f.lakescore(['export', 'postgres', '--table', 'zoned', ...COLUMNS], { ...f.server.env, TZ: zone, PGTZ: zone, PGOPTIONS: `-c TimeZone=${zone}` });
    expect(client.code, client.stderr).toBe(0);
    expect(await zonedRows()).toEqual(expected);

    await f.postgres((c) => c.query(`ALTER ROLE ${f.server.user} SET timezone = 'Asia/Kolkata'`));
    try {
      const role = f.lakescore(['export', 'postgres', '--table', 'zoned', ...COLUMNS]);
      expect(role.code, role.stderr).toBe(0);
    } finally {
      await f.postgres((c) => c.query(`ALTER ROLE ${f.server.user} RESET timezone`));
    }
    const rows = await zonedRows();
    expect(rows.length).toBe(expected.length);
    expect(rows).toEqual(expected);
  });

  it('refuses sslmode=require against a server without SSL with exit 2, in one line and no driver warning', () => {
    const refused = exportOver('sslmode=require');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^lakescore: cannot connect to postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres as sslmode asks: The server does not support SSL connections; nothing was exported [^\n]*\n$/);
    for (const mode of ['prefer', 'allow', 'no-verify']) {
      const unsupported = exportOver(`sslmode=${mode}`);
      expect([mode, unsupported.code, unsupported.stderr]).toEqual([mode, 2, expect.stringMatching(new RegExp(`^lakescore: --url: sslmode=${mode} is not one of disable, require, verify-ca, verify-full [^\\n]+\\n$`))]);
    }
    const fromEnvironment = f.lakescore(['export', 'postgres', '--table', 'risks'], { ...f.server.env, PGSSLMODE: 'require' });
    expect([fromEnvironment.code, fromEnvironment.stderr]).toEqual([2, expect.stringMatching(/^lakescore: cannot connect to \S+ as sslmode asks: The server does not support SSL connections; [^\n]+\n$/)]);
    const preferred = f.lakescore(['export', 'postgres', '--table', 'risks'], { ...f.server.env, PGSSLMODE: 'prefer' });
    expect([preferred.code, preferred.stderr]).toEqual([2, expect.stringMatching(/^lakescore: PGSSLMODE: sslmode=prefer is not one of [^\n]+\n$/)]);
    const plain = exportOver('sslmode=disable');
    expect([plain.code, plain.stderr]).toEqual([0, '']);
  });

  it('reads sslmode, in --url or PGSSLMODE, as psql does once the server has SSL: require encrypts, verify-full checks the certificate', async () => {
    const dir = tempDir('lakescore-tls-');
    const tls = serverCertificate(dir.path);
    await setSsl(tls);
    try {
      const required = exportOver('sslmode=require');
      expect([required.code, required.stderr]).toEqual([0, '']);
      const fromEnvironment = f.lakescore(['export', 'postgres', '--table', 'risks'], { ...f.server.env, PGSSLMODE: 'require' });
      expect([fromEnvironment.code, fromEnvironment.stderr]).toEqual([0, '']);
      const checkedByEnvironment = f.lakescore(['export', 'postgres', '--table', 'risks'], { ...f.server.env, PGSSLMODE: 'verify-full', PGSSLROOTCERT: tls.cert });
      expect([checkedByEnvironment.code, checkedByEnvironment.stderr]).toEqual([0, '']);
      const unchecked = exportOver('sslmode=verify-full');
      expect(unchecked.code).toBe(2);
      expect(unchecked.stderr).toMatch(/^lakescore: cannot connect to \S+ as sslmode asks: self-signed certificate; nothing was exported [^\n]*\n$/);
      const checked = exportOver(`sslmode=verify-full&sslrootcert=${encodeURIComponent(tls.cert)}`);
      expect([checked.code, checked.stderr]).toEqual([0, '']);
    } finally {
      await setSsl(undefined);
      dir.remove();
    }
  });
});
