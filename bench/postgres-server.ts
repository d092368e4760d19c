import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL server from Debian's `postgresql` package, for the export tests and
 * benchmark: a new cluster in a temporary directory, listening on a free loopback port, with a
 * password login. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export interface PostgresServer {
  port: number;
  user: string;
  password: string;
  database: string;
  /** The server's binaries (psql is on PATH too, but this is the matching version). */
  bin: string;
  /** PG* variables that point a client at the server, password included. */
  env: Record<string, string>;
  start(): void;
  stop(): void;
  /** Stops the server and deletes the cluster. */
  remove(): void;
}

/** The newest installed server's bin directory. */
function serverBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error(`no PostgreSQL server under ${root}: install Debian's postgresql package (.ci/run does)`);
  return join(root, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a server program, as `postgres` when we are root. */
function runServerProgram(program: string, args: string[]): void {
  const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  execFileSync(command, commandArgs, { stdio: 'pipe' });
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = serverBin();
  const dir = mkdtempSync(join(tmpdir(), 'lakescore-pg-'));
  const data = join(dir, 'data');
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, password, { mode: 0o600 });
  if (asRoot) {
    const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
    chownSync(passwordFile, id('-u'), id('-g'));
  }
  runServerProgram(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  // durability is not what these tests and the benchmark measure; both sides of the benchmark share it
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const server: PostgresServer = {
    port,
    user: 'postgres',
    password,
    database: 'postgres',
    bin,
    env: { PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'postgres', PGPASSWORD: password, PGDATABASE: 'postgres' },
    start: () => runServerProgram(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', settings, '-w', 'start']),
    stop: () => runServerProgram(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']),
    remove: () => {
      try {
        server.stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  server.start();
  return server;
}
