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

/** Bad input or usage: a flag, a file, a query the user can fix. */
export class InputError extends LakescoreError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Another writer holds the lake. */
export class BusyError extends LakescoreError {
  constructor(message: string) {
    super(message, 75);
  }
}
