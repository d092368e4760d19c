import type { Columns } from '../sql/catalog.js';
import type { LakeSession } from '../sql/duckdb.js';
import {
  DAY_MS,
  filesWrittenUnder,
  partitionOf,
  partitionSpan,
  replacedBy,
  settledBefore,
  settlingMonths,
  startOfDay,
  usePartitionBoundary,
} from '../sql/partitions.js';
import { SILVER_SETTLE_SECONDS } from '../silver/layout.js';
import { timestampText } from '../sql/text.js';
import type { FeatureParams } from './params.js';

/**
 * A gold row's label is decided a horizon after its time, and silver takes late files for a week:
 * a month of gold settles (sql/partitions.ts) that long after its end.
 */
const settleSeconds = (params: FeatureParams): number => params.horizon.seconds + SILVER_SETTLE_SECONDS;

/** The partitions that hold [from, to): its days, or their months before the boundary. */
function partitionsBetween(from: Date, to: Date, before: Date): string[] {
  const keys = new Set<string>();
  for (let day = startOfDay(from).getTime(); day < to.getTime(); day += DAY_MS) {
    const key = new Date(day).toISOString().slice(0, 10);
    keys.add(day < before.getTime() ? key.slice(0, 7) : key);
  }
  return [...keys];
}

export interface GoldWrite {
  /** What the build changes: [from, to), per asset as gold_scope and gold_relabel say. */
  from: Date;
  to: Date;
  /** The build computes every asset's rows in [from, to) (a range build). */
  wholeRange: boolean;
  /** Silver's newest reading: it decides which months have settled. */
  newest: Date;
  labelCutoff: Date;
  params: FeatureParams;
  columns: Columns;
  /** Gold's files before the build; none when the build replaces all of gold. */
  previous: string[];
  dir: string;
}

/**
 * Writes the partitions a build changes, those [from, to) overlaps and the months that settle now,
 * one file each, and gives gold's files after it with the partitions written. A previous file
 * whose rows the range computes for every asset is not read, so that a range rebuild repairs it.
 */
export async function writeGoldPartitions(session: LakeSession, w: GoldWrite): Promise<{ files: string[]; partitions: string[] }> {
  const before = settledBefore(w.newest, settleSeconds(w.params));
  await usePartitionBoundary(session, before);
  const partitions = [...new Set([...partitionsBetween(w.from, w.to, before), ...settlingMonths(w.previous, before)])].sort();
  const replaced = replacedBy(new Set(partitions));
  const computedWhole = (file: string): boolean => {
    const span = partitionSpan(partitionOf(file) as string);
    return w.wholeRange && w.from <= span.start && w.to >= span.end;
  };
  const read = w.previous.filter((file) => replaced(file) && !computedWhole(file));
  await session.viewFiles('previous_gold', { files: read, columns: w.columns });
  const out = `${w.dir}/features`;
  await session.runFile('gold', 'write_partitions.sql', {
    out: session.dataFile(out),
    to: timestampText(w.to),
    horizon_s: w.params.horizon.seconds,
    label_cutoff: timestampText(w.labelCutoff),
  });
  return { files: [...w.previous.filter((file) => !replaced(file)), ...filesWrittenUnder(session, out)], partitions };
}

/** Whether gold's files are laid out in partitions as this code writes them (a lake built before is rebuilt once). */
export const goldLayoutKnown = (files: readonly string[]): boolean => files.every((file) => partitionOf(file) !== undefined);
