import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LakeSession } from './duckdb.js';
import { timestampText } from './text.js';

/**
 * How the tables with a time lay out their files (docs/lake.md#partitions). A row lives in the
 * partition of its day while its month is recent, and in the partition of its month once the
 * month has settled: the table's newest row is at least a settling time past the month's end. A
 * night then rewrites the few days it changes, not the month, and a table keeps about one file a
 * month. When a month settles, the build that sees it first merges its days into one file. For a
 * table built incrementally the boundary only moves forward, since its winners are never removed;
 * a table rebuilt whole (failures derived from flags) is laid out afresh by each build. Tables
 * without a time are one partition, `all`.
 */

export const WHOLE_TABLE = 'all';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;
const PARTITION = /\/_part=([^/]+)\/[^/]+\.parquet$/;

/** Where a partitioned COPY under `dir` puts a partition's files. */
export const partitionDir = (dir: string, key: string): string => `${dir}/_part=${key}`;

/** The partition of a file (`2015-03-04`, `2015-03` or `all`); undefined for a file laid out otherwise. */
export function partitionOf(file: string): string | undefined {
  const key = PARTITION.exec(file)?.[1];
  return key !== undefined && (DAY.test(key) || MONTH.test(key) || key === WHOLE_TABLE) ? key : undefined;
}

export const DAY_MS = 86_400_000;

/** The start of the UTC day a time falls in. */
export const startOfDay = (d: Date): Date => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);

const monthStart = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
const FIRST = new Date('0001-01-01T00:00:00Z');
const LAST = new Date('9999-12-31T00:00:00Z');

/** The times a partition holds, [start, end). */
export function partitionSpan(key: string): { start: Date; end: Date } {
  if (key === WHOLE_TABLE) return { start: FIRST, end: LAST };
  const start = new Date(`${MONTH.test(key) ? `${key}-01` : key}T00:00:00Z`);
  const end = MONTH.test(key) ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)) : new Date(start.getTime() + DAY_MS);
  return { start, end };
}

/** Whether the partition overlaps [from, to). */
export const partitionOverlaps = (key: string, from: Date, to: Date): boolean => {
  const span = partitionSpan(key);
  return span.start < to && span.end > from;
};

/** Rows before this time are in month partitions: the start of the month that holds newest - settle. */
export function settledBefore(newest: Date | undefined, settleSeconds: number): Date {
  return newest === undefined ? FIRST : monthStart(new Date(newest.getTime() - settleSeconds * 1000));
}

/** The month partitions that settle at `before`: months whose rows some of `files` still keep by day. */
export function settlingMonths(files: readonly string[], before: Date): string[] {
  const days = files.map(partitionOf).filter((key): key is string => key !== undefined && DAY.test(key));
  return [...new Set(days.filter((day) => partitionSpan(day).start < before).map((day) => day.slice(0, 7)))].sort();
}

/** Whether writing the partitions `written` replaces a file: its partition is one of them, or a day of a written month. */
export function replacedBy(written: ReadonlySet<string>): (file: string) => boolean {
  return (file) => {
    const key = partitionOf(file);
    return key !== undefined && (written.has(key) || (DAY.test(key) && written.has(key.slice(0, 7))));
  };
}

/** Makes time_partition(ts) give each time's partition under the boundary, for the statements that follow (partitions.sql). */
export async function usePartitionBoundary(session: LakeSession, before: Date): Promise<void> {
  await session.runFile('sql', 'partitions.sql', { settled_before: timestampText(before) });
}

/** Every Parquet file a partitioned COPY wrote under `dir`, relative to the lake. */
export function filesWrittenUnder(session: LakeSession, dir: string): string[] {
  try {
    return readdirSync(session.path(dir), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.parquet'))
      .map((name) => relative(session.lake, join(session.path(dir), name)))
      .sort();
  } catch (err) {
    // a COPY that wrote no rows makes no directory; any other failure must not pass for "no files"
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
