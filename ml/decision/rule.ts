import { z } from 'zod';
import { describePolicy, type AlertPolicy } from '../../fleet/alerts.js';
import type { EventFigures } from './types.js';

/**
 * A model's alert rule as stored in model.json and the registry (docs/decisions.md): what was
 * asked, the threshold chosen, and what it reached on the rows it was chosen on. Both are
 * external input when read back, so both are checked.
 */

export interface AlertRule {
  policy: AlertPolicy;
  /** An alert when risk >= threshold; Infinity would never alert, so it is stored as null. */
  threshold: number | null;
  /** The capacity cap applied when scoring; null: none. */
  maxPerDay: number | null;
  chosenOn: {
    /** validation: the later part of the training range; given: a fixed threshold; no-failures: nothing to choose on. */
    basis: 'validation' | 'given' | 'no-failures';
    from: string;
    to: string;
    rows: number;
    failures: number;
    candidates: number;
    /** Held-out rows scored by a forest fitted without them, or the model's out-of-bag predictions of its own rows. */
    source?: 'held-out' | 'out-of-bag';
  };
  /** The figures on the rows it was chosen on (for a given threshold too); null only for a rule stored without them. */
  figures: EventFigures | null;
  /** When the rule was set: at training, or by `models set-alerts`. */
  setAt: string;
}

const ratio = z.number().min(0).max(1);
const count = z.number().int().nonnegative();

export const eventFiguresSchema = z.object({
  rows: count,
  assetDays: z.number().nonnegative(),
  confusion: z.object({ tp: count, fp: count, fn: count, tn: count }),
  precision: ratio,
  recall: ratio,
  f1: ratio,
  failures: count,
  caught: count,
  leadHoursMedian: z.number().nullable(),
  leadHoursP10: z.number().nullable(),
  episodes: count,
  falseEpisodes: count,
  falsePer1000AssetDays: z.number().nonnegative(),
  maxStartsPerDay: count,
  cost: z.number().nullable(),
}) satisfies z.ZodType<EventFigures>;

const money = z.number().finite().nonnegative();

export const alertPolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cost'), costs: z.object({ missedFailure: money, falseAlarm: money, caughtFailure: money }) }),
  z.object({ kind: z.literal('capacity'), maxPerDay: z.number().int().positive() }),
  z.object({ kind: z.literal('fixed'), threshold: z.number().gt(0).lte(1) }),
  z.object({ kind: z.literal('best-f1') }),
]) satisfies z.ZodType<AlertPolicy>;

export const alertRuleSchema = z.object({
  policy: alertPolicySchema,
  threshold: z.number().min(0).max(1).nullable(),
  maxPerDay: z.number().int().positive().nullable(),
  chosenOn: z.object({
    basis: z.enum(['validation', 'given', 'no-failures']),
    from: z.string().datetime(),
    to: z.string().datetime(),
    rows: count,
    failures: count,
    candidates: count,
    source: z.enum(['held-out', 'out-of-bag']).optional(),
  }),
  figures: eventFiguresSchema.nullable(),
  setAt: z.string().datetime(),
}) satisfies z.ZodType<AlertRule>;

/** The threshold a stored rule compares risk with: null means the rule never alerts. */
export const thresholdOf = (rule: AlertRule): number => rule.threshold ?? Infinity;

/** One line: the threshold and the cap, as train, models show and alerts print it. */
export const describeRule = (rule: AlertRule): string =>
  `${rule.threshold === null ? 'never alert' : `alert when risk >= ${rule.threshold.toPrecision(3)}`}` +
  `${rule.maxPerDay === null ? '' : `, at most ${rule.maxPerDay} new alerts per day`}`;

/** How a rule came about, in one line: the policy asked for and what it was chosen on. */
export function describeBasis(rule: AlertRule): string {
  const on = rule.chosenOn;
  const span = `[${on.from.slice(0, 10)}, ${on.to.slice(0, 10)})`;
  const policy = describePolicy(rule.policy);
  if (on.basis === 'given') return `${policy}: given, not chosen`;
  if (on.basis === 'no-failures') return `${policy}; no failure in the validation rows of ${span} to choose on, so 0.5 was kept`;
  const n = (x: number): string => x.toLocaleString('en-US');
  const rows = on.source === 'out-of-bag' ? `out-of-bag predictions of ${n(on.rows)} training rows` : `${n(on.rows)} validation rows`;
  return `${policy}, chosen on ${rows} of ${span} with ${n(on.failures)} failure${on.failures === 1 ? '' : 's'}, ${n(on.candidates)} thresholds tried`;
}
