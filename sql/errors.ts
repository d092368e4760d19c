import { engineMessage } from './text.js';

/**
 * Errors that carry the process exit code the CLI should end with.
 * Codes follow sysexits where one fits: 75 (EX_TEMPFAIL) for a busy lake or a full disk.
 */
export class LakescoreError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Text from an input, fit to echo in a one-line message: control characters escaped, at most
 * `max` characters, so that binary junk or a megabyte line never floods a terminal or `loads.error`.
 */
export function excerpt(text: string, max = 120): string {
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return printable.length > max ? `${printable.slice(0, max)}... (${text.length} characters)` : printable;
}

/** At most `shown` items, then how many more: a list in a message stays one readable line. */
export function listed(items: readonly string[], shown = 10): string {
  return items.length > shown ? `${items.slice(0, shown).join(', ')} and ${items.length - shown} more` : items.join(', ');
}

/** Bad input or usage: a flag, a file, a query the user can fix. */
export class InputError extends LakescoreError {
  constructor(message: string) {
    super(message, 2);
  }
}

/**
 * Bad input that only more data can fix: gold too short to train on yet. The nightly job's retrain
 * of a name with no model yet waits for the data instead of failing every night until then.
 */
export class TooLittleDataError extends InputError {}

/** Another writer holds the lake, or changed it under this command: running it again later works. */
export class BusyError extends LakescoreError {
  constructor(message: string) {
    super(message, 75);
  }
}

/** A file the catalog names is missing or unreadable: a person has to repair the lake (README runbook). */
export class DamageError extends LakescoreError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The file system is full: the command published nothing more and can run again once space is freed. */
export class DiskFullError extends LakescoreError {
  constructor(message: string) {
    super(message, 75);
  }
}

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);
/** How DuckDB reports a failed write or spill; only its IO errors, so that a quoted input line cannot pass for one. */
const ENGINE_DISK_FULL = /^IO Error: [^\n]*(No space left on device|Disk quota exceeded)/;

/**
 * The one-line DiskFullError for an error that says the disk is full (Node's ENOSPC or EDQUOT,
 * or DuckDB's IO error saying so), naming what was being written; undefined for any other error.
 */
export function diskFullError(err: unknown, writing?: string): DiskFullError | undefined {
  if (err instanceof LakescoreError) return err instanceof DiskFullError ? err : undefined;
  if (!(err instanceof Error)) return undefined;
  const code = (err as NodeJS.ErrnoException).code;
  if (!(code !== undefined && DISK_FULL_CODES.has(code)) && !ENGINE_DISK_FULL.test(err.message)) return undefined;
  const what = writing === undefined ? excerpt(engineMessage(err), 300) : `no space left to write ${writing}`;
  return new DiskFullError(`disk full: ${what}; that write published nothing: free space and run the command again (see "When the disk is full" in docs/lake.md)`);
}
