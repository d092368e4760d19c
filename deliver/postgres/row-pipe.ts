import { execFileSync } from 'node:child_process';
import { constants, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';

/**
 * Rows that DuckDB writes as CSV into a named pipe while the COPY to PostgreSQL reads them: writing
 * and copying overlap, and the rows never land on disk. `write` starts DuckDB and resolves with the
 * rows it wrote.
 */
export interface RowPipe {
  path: string;
  write: () => Promise<number>;
}

export function makePipe(path: string): void {
  rmSync(path, { recursive: true, force: true });
  execFileSync('mkfifo', ['-m', '600', path]);
}

/** Settles when the destination has taken every row it was given, or failed. */
function delivered(destination: Writable): Promise<unknown> {
  return new Promise((resolve) => {
    destination.once('finish', () => resolve(undefined));
    destination.once('error', (error) => resolve(error));
  });
}

/**
 * Streams the pipe's rows into `destination` while DuckDB writes them, and settles only when
 * both sides have, so the DuckDB session is idle again whatever failed; the first failure is
 * the cause reported. Nothing here can leave either side waiting on the other:
 * - the read end is opened without waiting for a writer, so no thread blocks in open() and
 *   DuckDB's open for writing finds a reader at once;
 * - when the destination fails, the rest of DuckDB's rows are read and dropped, so it never
 *   blocks on a full pipe;
 * - when DuckDB fails, the destination is destroyed (a COPY is then aborted), since the end
 *   of the rows may never come if DuckDB failed before it opened the pipe.
 */
export async function streamRows(pipe: RowPipe, destination: Writable): Promise<number> {
  const reader = new Socket({ fd: openSync(pipe.path, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
  let cause: { error: unknown } | undefined;
  const fail = (error: unknown): void => {
    cause ??= { error };
  };
  reader.on('error', fail);
  const copied = delivered(destination).then((error) => {
    if (error === undefined) return;
    fail(error);
    reader.unpipe(destination);
    reader.resume();
  });
  reader.pipe(destination);
  const written = pipe.write().catch((error: unknown) => {
    fail(error);
    destination.destroy(error instanceof Error ? error : new Error(String(error)));
    return 0;
  });
  const [rows] = await Promise.all([written, copied]);
  reader.destroy();
  if (cause) throw cause.error;
  return rows;
}
