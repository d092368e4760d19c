import type { Command } from 'commander';
import { z } from 'zod';
import type { AlertPolicy } from '../fleet/alerts.js';

/**
 * The flags that ask for an alert policy (docs/decisions.md), shared by `train` and
 * `models set-alerts`: one of a threshold, a daily capacity or costs.
 */

export function addAlertOptions(command: Command): Command {
  return command
    .option('--alert-threshold <p>', 'alert when the risk of any failure is at least this (0-1)')
    .option('--alert-max-per-day <n>', 'at most this many new alerts per day, the riskiest first')
    .option('--cost-missed-failure <amount>', 'what a failure nobody was alerted to costs: choose the threshold of lowest expected cost')
    .option('--cost-false-alarm <amount>', 'what an alert not followed by a failure costs (with --cost-missed-failure)')
    .option('--cost-caught-failure <amount>', 'what a caught failure still costs (default 0)');
}

const amount = z.coerce.number().finite().nonnegative();

export const alertOptionsSchema = z
  .object({
    alertThreshold: z.coerce.number().gt(0).lte(1).optional(),
    alertMaxPerDay: z.coerce.number().int('expected a whole number').positive().max(1_000_000).optional(),
    costMissedFailure: amount.optional(),
    costFalseAlarm: amount.optional(),
    costCaughtFailure: amount.optional(),
  })
  .refine((o) => (o.costMissedFailure === undefined) === (o.costFalseAlarm === undefined), {
    message: 'give both --cost-missed-failure and --cost-false-alarm',
    path: ['costFalseAlarm'],
  })
  .refine((o) => o.costMissedFailure !== 0 || o.costFalseAlarm !== 0, {
    message: 'a cost of 0 for both a missed failure and a false alarm chooses nothing',
    path: ['costMissedFailure'],
  })
  .refine((o) => o.costCaughtFailure === undefined || o.costMissedFailure !== undefined, { message: 'goes with --cost-missed-failure and --cost-false-alarm', path: ['costCaughtFailure'] })
  .refine((o) => [o.alertThreshold, o.alertMaxPerDay, o.costMissedFailure].filter((v) => v !== undefined).length <= 1, {
    message: 'give one of --alert-threshold, --alert-max-per-day or the costs',
    path: ['alertThreshold'],
  })
  .transform((o): AlertPolicy | undefined => {
    if (o.alertThreshold !== undefined) return { kind: 'fixed', threshold: o.alertThreshold };
    if (o.alertMaxPerDay !== undefined) return { kind: 'capacity', maxPerDay: o.alertMaxPerDay };
    if (o.costMissedFailure !== undefined && o.costFalseAlarm !== undefined) {
      return { kind: 'cost', costs: { missedFailure: o.costMissedFailure, falseAlarm: o.costFalseAlarm, caughtFailure: o.costCaughtFailure ?? 0 } };
    }
    return undefined;
  });
