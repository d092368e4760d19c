import { InputError, LakescoreError } from '../../sql/errors.js';
import { redact, type Connection } from './connection.js';

/** The server could not be reached or could not take the export now: cron should retry (exit 75). */
export class UnreachableError extends LakescoreError {
  constructor(message: string) {
    super(message, 75);
  }
}

/** Socket failures: the server is down, unknown, or went away. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * SQLSTATE classes that pass with time: connection exceptions, insufficient resources (disk full,
 * too many connections), operator intervention (shutdown, recovery), transaction rollbacks
 * (deadlock, serialization).
 */
const RETRYABLE_CLASSES = new Set(['08', '53', '57', '40']);
/** lock_not_available: another session held the target table past the lock timeout. */
const RETRYABLE_CODES = new Set(['55P03']);

/**
 * A failure while the COMMIT was on its way: the server may have committed or not, and cannot be
 * asked. Exporting the range again makes it right either way, since it replaces, never adds.
 */
export class CommitUncertainError extends Error {
  constructor(readonly failure: unknown) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/**
 * The server refused the encryption sslmode asks for, or its certificate failed the check: a
 * setting on one side must change, so trying again later cannot help (exit 2).
 */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const isSslRefused = (message: string): boolean => /server does not support SSL/i.test(message);

const codeOf = (err: unknown): string | undefined => (err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined);

/** The driver's words for a connection that timed out or dropped, which carry no code. */
const isDroppedConnection = (message: string): boolean => /connection terminated|timeout expired|connection timeout/i.test(message);

/**
 * Any failure of an export as one line about the target, with every password struck out: exit 75
 * when trying again later may succeed, 2 when a person has to change something (login, table).
 */
export function explainFailure(err: unknown, connection: Connection, table: string): LakescoreError {
  if (err instanceof LakescoreError) return err;
  const uncertain = err instanceof CommitUncertainError;
  const failure = uncertain ? err.failure : err;
  const code = codeOf(failure);
  const raw = failure instanceof Error ? failure.message : String(failure);
  const message = redact(raw.split('\n')[0] ?? '', connection);
  const at = `${connection.target} table ${table}`;
  const outcome = uncertain ? 'the COMMIT may or may not have landed: export the range again' : 'the table is unchanged';
  if ((code !== undefined && TLS_CODES.has(code)) || (code === undefined && isSslRefused(raw))) {
    return new InputError(`cannot connect to ${connection.target} as sslmode asks: ${message}; nothing was exported (see README, "export postgres")`);
  }
  if ((code !== undefined && NETWORK_CODES.has(code)) || (code === undefined && isDroppedConnection(raw))) {
    return new UnreachableError(`cannot reach ${connection.target}: ${message || code}; ${uncertain ? outcome : 'nothing was exported'} (try again later)`);
  }
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) {
    if (RETRYABLE_CLASSES.has(code.slice(0, 2)) || RETRYABLE_CODES.has(code)) return new UnreachableError(`export to ${at} failed: ${message} (SQLSTATE ${code}); ${outcome} (try again later)`);
    return new InputError(`export to ${at} failed: ${message} (SQLSTATE ${code}); ${outcome}`);
  }
  return new LakescoreError(`export to ${at} failed: ${message}; ${outcome}`, 1);
}
