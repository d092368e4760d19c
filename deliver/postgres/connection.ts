import { userInfo } from 'node:os';
import pg from 'pg';
import pgpass from 'pgpass';
import { parse as parseConnectionString, type ConnectionOptions } from 'pg-connection-string';
import { z } from 'zod';
import { excerpt, InputError } from '../../sql/errors.js';

/** Where an export goes: the driver's settings, and a description that holds no secret. */
export interface Connection {
  config: pg.ClientConfig;
  /** `postgresql://user@host:port/database`: safe to print, log and store in the lake. */
  target: string;
  /** Every password this connection may use, to strike from any message before it is shown. */
  secrets: string[];
}

const CONNECT_TIMEOUT_MS = 15_000;
/**
 * The export holds the lake's writer lock while it talks to the server: a table locked by someone
 * else, a session left idle or a peer gone silent must end it (exit 75), not hold the lake forever.
 */
const LOCK_TIMEOUT_MS = 60_000;
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 600_000;
const KEEPALIVE_DELAY_MS = 60_000;

/**
 * The password as libpq finds it: in the URL, else PGPASSWORD, else the password file (PGPASSFILE
 * or ~/.pgpass). Asked only when the server wants one, through the driver's password callback, so
 * the driver's own deprecated .pgpass lookup never runs.
 */
function passwordSource(given: string | undefined, where: { host: string; port: number; database: string; user: string }, secrets: string[]): () => Promise<string> {
  return async () => {
    const password = given ?? process.env.PGPASSWORD ?? (await new Promise<string | undefined>((resolve) => pgpass(where, resolve)));
    if (password === undefined) throw new InputError('the server asks for a password: set PGPASSWORD or add it to ~/.pgpass (never on the command line)');
    secrets.push(password);
    return password;
  };
}

/**
 * The sslmode values the export takes, with psql's meaning (README, "export postgres"). libpq's
 * `allow` and `prefer` fall back to an unencrypted connection, which the driver cannot do.
 */
const SSL_MODES = z.enum(['disable', 'require', 'verify-ca', 'verify-full']);

/**
 * A connection URL read with libpq's meaning of sslmode, as psql reads it, unless the URL itself
 * says how (uselibpqcompat): asked for explicitly, the driver neither guesses nor prints a warning.
 * `source` names where the text came from, for the message.
 */
function readConnectionUrl(url: string, source: string): Partial<ConnectionOptions> {
  const own = new URLSearchParams(url.split('?')[1] ?? '').has('uselibpqcompat');
  let parsed: Partial<ConnectionOptions>;
  try {
    parsed = parseConnectionString(url, own ? {} : { useLibpqCompat: true });
  } catch (err) {
    if (err instanceof TypeError) throw new InputError(`${source}: not a PostgreSQL connection URL (postgresql://user@host:port/database)`);
    throw new InputError(`${source}: ${excerpt((err as Error).message.split('\n')[0] ?? '', 200)}`);
  }
  if (parsed.sslmode !== undefined && !SSL_MODES.safeParse(parsed.sslmode).success) {
    throw new InputError(`${source}: sslmode=${excerpt(String(parsed.sslmode))} is not one of ${SSL_MODES.options.join(', ')} (lakescore cannot fall back to an unencrypted connection, as allow and prefer would)`);
  }
  return parsed;
}

const SSL_VARIABLES = [
  ['sslmode', 'PGSSLMODE'],
  ['sslrootcert', 'PGSSLROOTCERT'],
  ['sslcert', 'PGSSLCERT'],
  ['sslkey', 'PGSSLKEY'],
] as const;

/**
 * The TLS settings libpq takes from the environment, read as a URL's are: PGSSLMODE means what
 * it means for psql too, rather than what the driver would make of it.
 */
function sslFromEnvironment(env: NodeJS.ProcessEnv): ConnectionOptions['ssl'] {
  if (!env.PGSSLMODE) return undefined;
  const params = new URLSearchParams();
  for (const [name, variable] of SSL_VARIABLES) if (env[variable]) params.set(name, env[variable]);
  return readConnectionUrl(`postgresql://localhost/?${params}`, 'PGSSLMODE').ssl;
}

/** The connection from --url, or from the standard PG* environment variables. */
export function resolveConnection(url: string | undefined): Connection {
  const fromUrl = url === undefined ? {} : readConnectionUrl(url, '--url');
  const env = process.env;
  const ssl = fromUrl.ssl ?? sslFromEnvironment(env);
  const host = fromUrl.host || env.PGHOST || 'localhost';
  const port = Number(fromUrl.port || env.PGPORT || 5432);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new InputError(`the PostgreSQL port must be a number from 1 to 65535`);
  const user = fromUrl.user || env.PGUSER || userInfo().username;
  const database = fromUrl.database || env.PGDATABASE || user;
  const secrets = fromUrl.password ? [fromUrl.password] : [];
  const where = { host, port, database, user };
  return {
    config: {
      ...where,
      password: passwordSource(fromUrl.password || undefined, where, secrets),
      application_name: 'lakescore export',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      lock_timeout: LOCK_TIMEOUT_MS,
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
      ...(ssl === undefined ? {} : { ssl: ssl as pg.ClientConfig['ssl'] }),
    },
    target: `postgresql://${encodeURIComponent(user)}@${host.includes(':') ? `[${host}]` : host}:${port}/${encodeURIComponent(database)}`,
    secrets,
  };
}

/** A message with every known password replaced, whatever produced it. */
export function redact(message: string, connection: Connection): string {
  return connection.secrets.filter((s) => s.length > 0).reduce((text, secret) => text.split(secret).join('***'), message);
}
