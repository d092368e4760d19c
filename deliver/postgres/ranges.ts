import type { LakeSession } from '../../sql/duckdb.js';
import { InputError } from '../../sql/errors.js';

/** [from, to): the target rows an export replaces. */
export interface Range {
  from: Date;
  to: Date;
}

/**
 * Which results to deliver: the range the newest successful scoring run covered, one run's range,
 * a range of days, or (for the nightly job) everything scored since the last nightly export.
 */
export type ExportSelection = { kind: 'latest-run' } | { kind: 'run'; runId: number } | { kind: 'range'; from: Date; to: Date } | { kind: 'nightly' };

export interface ExportRanges {
  /** Disjoint and in order. */
  ranges: Range[];
  /** The newest scoring run whose results the ranges include; the nightly export's watermark. */
  throughRun: number | undefined;
}

const dateOf = (value: unknown): Date | undefined => (value instanceof Date ? value : undefined);

/** Overlapping or touching ranges as one: the fewest ranges that cover exactly the same times. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const merged: Range[] = [];
  for (const range of [...ranges].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    const last = merged.at(-1);
    if (last && range.from <= last.to) last.to = new Date(Math.max(last.to.getTime(), range.to.getTime()));
    else merged.push({ ...range });
  }
  return merged;
}

/** From the first range's start to the last one's end. */
export const spanOf = (ranges: readonly Range[]): Range => ({ from: ranges[0]?.from ?? new Date(0), to: ranges.at(-1)?.to ?? new Date(0) });

async function scoreRunRange(session: LakeSession, runId: number | undefined): Promise<ExportRanges> {
  const [run] = await session.queryFile('deliver', 'postgres/score_run_range.sql', { run_id: runId ?? null });
  const from = dateOf(run?.range_from);
  const to = dateOf(run?.range_to);
  if (!run || !from || !to) throw new InputError(runId === undefined ? 'no scoring run has succeeded yet: nothing to export' : `scoring run ${runId} did not succeed or does not exist`);
  return { ranges: [{ from, to }], throughRun: Number(run.run_id) };
}

/**
 * The nightly export sends each pending run's range, merged: a late re-score of one old day costs
 * that day, not every day since.
 */
async function pendingRanges(session: LakeSession, target: string, table: string): Promise<ExportRanges | undefined> {
  const runs = await session.queryFile('deliver', 'postgres/pending_ranges.sql', { target, table_name: table });
  const ranges = runs.flatMap((run) => {
    const from = dateOf(run.range_from);
    const to = dateOf(run.range_to);
    return from && to ? [{ from, to }] : [];
  });
  if (ranges.length === 0) return undefined;
  return { ranges: mergeRanges(ranges), throughRun: Math.max(...runs.map((run) => Number(run.run_id))) };
}

/** The ranges a selection means, or undefined when the nightly export has nothing new. */
export async function resolveRanges(session: LakeSession, selection: ExportSelection, target: string, table: string): Promise<ExportRanges | undefined> {
  switch (selection.kind) {
    case 'range':
      if (selection.from >= selection.to) throw new InputError('--from must be before --to');
      return { ranges: [{ from: selection.from, to: selection.to }], throughRun: undefined };
    case 'run':
      return scoreRunRange(session, selection.runId);
    case 'latest-run':
      return scoreRunRange(session, undefined);
    case 'nightly':
      return pendingRanges(session, target, table);
  }
}
