import type { LakeSession } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';

/**
 * The time ranges of a training (docs/decisions.md): the forest is fitted on [from, validateFrom),
 * the alert rule chosen on [validateFrom, to), the model judged on [to, testTo). Split by time,
 * never at random: neighbouring rows of one asset are nearly the same row.
 */

/**
 * The last share of the range, the range from a day on, or (for fleets whose assets each run
 * their own life, as run-to-failure engines) a share of the assets over the whole range.
 */
export type ValidationSplit = { kind: 'share'; share: number } | { kind: 'date'; from: Date } | { kind: 'assets'; share: number };

export const DEFAULT_VALIDATION: ValidationSplit = { kind: 'share', share: 0.25 };

export const describeSplit = (split: ValidationSplit): string =>
  split.kind === 'date' ? dayText(split.from) : split.kind === 'share' ? String(split.share) : `assets:${split.share}`;

const dayText = (d: Date): string => d.toISOString().slice(0, 10);

/** Where the validation part starts: a date, or the last share of the training range on the step's grid. */
export function validationStart(from: Date, to: Date, split: Exclude<ValidationSplit, { kind: 'assets' }>, stepSeconds: number): Date {
  const stepMs = stepSeconds * 1000;
  const start = split.kind === 'date' ? split.from : new Date(Math.floor((to.getTime() - (to.getTime() - from.getTime()) * split.share) / stepMs) * stepMs);
  if (!(from < start && start < to)) {
    throw new InputError(`--validate ${describeSplit(split)}: the validation part must start inside the training range (${dayText(from)}, ${dayText(to)})`);
  }
  return start;
}

/**
 * What decides the test window's labels: the newest data the lake has (a reading or a failure,
 * as of gold's newest build), or an earlier cutoff the user gives. Never --test-to: a healthy row
 * near it would count only when its whole horizon lay before it, a failing row always.
 */
export async function testLabelCutoff(session: LakeSession, given: Date | undefined): Promise<Date> {
  const [build] = await session.queryFile('ml', 'data_end.sql');
  const observed = build?.label_cutoff instanceof Date ? build.label_cutoff : undefined;
  if (!observed) throw new InputError('gold has not been built yet: run `lakescore build gold` (or `build all`) first');
  if (given === undefined) return observed;
  if (given > observed) throw new InputError(`--label-cutoff ${given.toISOString().slice(0, 10)} is after the newest data gold was built from (${observed.toISOString()})`);
  return given;
}
