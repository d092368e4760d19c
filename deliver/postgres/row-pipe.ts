import { execFileSync } from 'node:child_process';
import { closeSync, constants, createReadStream, openSync, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';

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
  rmSync(path, { force: true });
  execFileSync('mkfifo', ['-m', '600', path]);
}

/**
 * A reader waits in open() until a writer opens the pipe. When DuckDB fails before it opens it,
 * opening and closing the write end here ends the reader's wait with an empty read, instead of never.
 */
function releaseReader(path: string): void {
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // no reader is waiting
  }
}

/**
 * Streams the pipe's rows into `sink` while DuckDB writes them; settles only when both sides
 * have, so the DuckDB session is idle again whatever failed. A sink that fails must destroy the
 * stream (as `pipeline` does): DuckDB then finds its pipe closed and stops, and the sink's failure
 * is the one reported.
 */
export async function streamRows(pipe: RowPipe, sink: (rows: Readable) => Promise<void>): Promise<number> {
  const reader = createReadStream(pipe.path);
  const written = pipe.write();
  written.catch(() => releaseReader(pipe.path));
  const [copied, wrote] = await Promise.allSettled([sink(reader), written]);
  if (copied.status === 'rejected') throw copied.reason;
  if (wrote.status === 'rejected') throw wrote.reason;
  return wrote.value;
}
