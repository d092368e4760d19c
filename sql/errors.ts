/**
 * Errors that carry the process exit code the CLI should end with.
 * Codes follow sysexits where one fits: 75 (EX_TEMPFAIL) for a busy lake.
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
