import type { DuckDBConnection } from '@duckdb/node-api';
import { totalmem } from 'node:os';
import { quoteLiteral } from './text.js';

/** A memory size DuckDB's memory_limit takes; checked so that it can be spliced into SET. */
export const MEMORY_SIZE = /^\d+(\.\d+)?\s?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/;

/**
 * 1 GiB, or half of a smaller machine's memory. DuckDB spills past it; on this project's
 * workloads (bench/scale.ts) a larger limit made no step much faster, only bigger: a full rebuild
 * of 1,000 machines took 33.0 s at 6.2 GB under a 12 GB limit, 31.8 s at 1.7 GB under 1 GiB.
 * Less is too little at 10,000 machines: gold ran out of memory under 512 MiB.
 */
export function defaultMemoryLimit(preferredMiB = 1024): string {
  return `${Math.min(preferredMiB, Math.floor(totalmem() / 2 / 2 ** 20))}MiB`;
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
