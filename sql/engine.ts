import type { DuckDBConnection } from '@duckdb/node-api';
import { totalmem } from 'node:os';
import { quoteLiteral } from './text.js';

/** A memory size DuckDB's memory_limit takes; checked so that it can be spliced into SET. */
export const MEMORY_SIZE = /^\d+(\.\d+)?\s?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/;

const UNIT_BYTES: Record<string, number> = { KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };

/**
 * The smallest memory limit a command runs under: with less, DuckDB fails as it sets up the
 * session's views (1 KB ends in a "write-write conflict") or as ingest reads a CSV file, whose
 * reader takes buffers of about 31 MiB (32 MB failed here, 64 MiB loaded and built).
 */
export const MIN_MEMORY_MIB = 64;

/** Bytes of a size MEMORY_SIZE accepted, in DuckDB's units (KB = 1000 bytes, KiB = 1024). */
export function memoryBytes(size: string): number {
  const [, amount, unit] = /^(\d+(?:\.\d+)?)\s?([A-Za-z]+)$/.exec(size) ?? [];
  return Number(amount) * (UNIT_BYTES[unit ?? ''] ?? Number.NaN);
}

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
