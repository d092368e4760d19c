import { z } from 'zod';

/**
 * The `alerts:` key of a fleet definition (docs/decisions.md): how a model's alert threshold is
 * chosen. It is about acting on results, not about the lake, so it is left out of the
 * definition's hash: changing it rebuilds nothing.
 */

export interface Costs {
  missedFailure: number;
  falseAlarm: number;
  /** What a caught failure still costs (the repair); 0 when not given. */
  caughtFailure: number;
}

/** How the threshold is chosen: what the definition's `alerts:` or train's flags ask. */
export type AlertPolicy =
  | { kind: 'cost'; costs: Costs }
  | { kind: 'capacity'; maxPerDay: number }
  | { kind: 'fixed'; threshold: number }
  | { kind: 'best-f1' };

const money = z.number().finite().nonnegative();

const costsSchema = z
  .object({ missed_failure: money, false_alarm: money, caught_failure: money.default(0) })
  .strict()
  .refine((c) => c.missed_failure > 0 || c.false_alarm > 0, 'a cost of 0 for both a missed failure and a false alarm chooses nothing');

export const alertsSchema = z
  .object({
    cost: costsSchema.optional(),
    max_per_day: z.number().int().positive().max(1_000_000).optional(),
    threshold: z.number().gt(0).lte(1).optional(),
  })
  .strict()
  .refine((a) => [a.cost, a.max_per_day, a.threshold].filter((v) => v !== undefined).length === 1, 'give one of cost, max_per_day or threshold')
  .transform((a): AlertPolicy => {
    if (a.cost) return { kind: 'cost', costs: { missedFailure: a.cost.missed_failure, falseAlarm: a.cost.false_alarm, caughtFailure: a.cost.caught_failure } };
    if (a.max_per_day !== undefined) return { kind: 'capacity', maxPerDay: a.max_per_day };
    return { kind: 'fixed', threshold: a.threshold as number };
  });

/** One line naming a policy, as train, models show and the report print it. */
export function describePolicy(policy: AlertPolicy): string {
  switch (policy.kind) {
    case 'cost':
      return `lowest expected cost (missed failure ${policy.costs.missedFailure}, false alarm ${policy.costs.falseAlarm}, caught failure ${policy.costs.caughtFailure})`;
    case 'capacity':
      return `at most ${policy.maxPerDay} new alerts per day`;
    case 'fixed':
      return `fixed threshold ${policy.threshold}`;
    case 'best-f1':
      return 'best F1 of "fails within the horizon" (the default: no policy given)';
  }
}
