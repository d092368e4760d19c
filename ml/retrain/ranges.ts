import type { FeatureParams } from '../../gold/params.js';
import { InputError, TooLittleDataError } from '../../sql/errors.js';

/**
 * The ranges of a retrain (docs/retraining.md): the holdout is the newest stretch whose labels the
 * data has decided, and the challenger's window ends where it begins, so the holdout is a part of
 * gold the challenger never fitted or chose its rule on.
 */

export interface Span {
  from: Date;
  to: Date;
}

export interface RetrainRanges {
  /** The challenger's training range: its fit and validation parts both lie in it. */
  window: Span;
  /**
   * Tested as [from, cutoff): the rows of its last horizon are not decided yet and are left out,
   * so the rows judged are those of [from, cutoff - horizon].
   */
  holdout: Span;
  /** The newest gold build's label cutoff: the data that decides the holdout's labels. */
  cutoff: Date;
}

/** The holdout's length when neither a flag nor the definition gives one: a share of the window. */
export const DEFAULT_HOLDOUT_SHARE = 0.25;

const onGrid = (ms: number, stepMs: number): number => Math.floor(ms / stepMs) * stepMs;
const day = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * The holdout is `holdoutSeconds` of decided rows ending a horizon before the cutoff; the window
 * is `windowSeconds` before it, starting no earlier than gold's first row.
 */
export function retrainRanges(cutoff: Date, params: FeatureParams, windowSeconds: number, holdoutSeconds: number, goldStart: Date): RetrainRanges {
  const stepMs = params.step.seconds * 1000;
  if (holdoutSeconds * 1000 < stepMs) throw new InputError(`the holdout must be at least a step (${params.step.text}) long`);
  const decidedEnd = cutoff.getTime() - params.horizon.seconds * 1000;
  const holdoutFrom = onGrid(decidedEnd - holdoutSeconds * 1000, stepMs);
  const windowFrom = Math.max(onGrid(holdoutFrom - windowSeconds * 1000, stepMs), onGrid(goldStart.getTime(), stepMs));
  if (!(windowFrom < holdoutFrom)) {
    throw new TooLittleDataError(
      `gold has no rows before the holdout [${day(new Date(holdoutFrom))}, ${day(cutoff)}) to train on: it starts at ${day(goldStart)}; wait for more data, or give a shorter holdout (retrain --holdout, or retrain.holdout in the definition)`,
    );
  }
  return { window: { from: new Date(windowFrom), to: new Date(holdoutFrom) }, holdout: { from: new Date(holdoutFrom), to: cutoff }, cutoff };
}
