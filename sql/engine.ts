import type { DuckDBConnection } from '@duckdb/node-api';
import { totalmem } from 'node:os';
import { quoteLiteral } from './text.js';

/** A memory size DuckDB's memory_limit takes; checked so that it can be spliced into SET. */
export const MEMORY_SIZE = /^\d+(\.\d+)?\s?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/;

/**
 * 512 MiB, or half of a smaller machine's memory. DuckDB spills past it; on this project's
 * workloads (bench/scale.ts) a larger limit made no step much faster, only bigger: a full build
 * of 1,000 machines took 33 s at 6.2 GB under DuckDB's own default (80% of memory), 41 s at 0.9 GB.
 */
export function defaultMemoryLimit(): string {
  return `${Math.min(512, Math.floor(totalmem() / 2 / 2 ** 20))}MiB`;
}

/**
 * The settings every command's engine runs with: times in UTC, spilling into the command's own
 * directory past the memory limit. SET takes no parameters: the directory is quoted, and the
 * limit was checked against MEMORY_SIZE.
 */
export async function configureEngine(connection: DuckDBConnection, spillDirectory: string, memoryLimit: string): Promise<void> {
  await connection.run(`SET TimeZone = 'UTC'`);
  await connection.run(`SET temp_directory = ${quoteLiteral(spillDirectory)}`);
  await connection.run(`SET memory_limit = ${quoteLiteral(memoryLimit)}`);
}
