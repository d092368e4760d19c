import { z } from 'zod';
import type { Duration } from './duration.js';

/**
 * The `retrain:` key of a fleet definition (docs/retraining.md): how long a window a challenger
 * is trained on, how long a holdout judges it against the champion, on which figure and by what
 * margin. Like `alerts:` it is about models, not about the lake, so it is left out of the
 * definition's hash.
 */

/** What a challenger and its champion are compared on, each at its own alert rule but `pr-auc`. */
export const RETRAIN_METRICS = ['cost', 'event-f1', 'event-recall', 'row-f1', 'pr-auc'] as const;
export type RetrainMetric = (typeof RETRAIN_METRICS)[number];

export interface RetrainSettings {
  window?: Duration;
  holdout?: Duration;
  metric?: RetrainMetric;
  /** The relative improvement a challenger needs: 0.05 is 5% better. */
  margin?: number;
}

export const marginSchema = z.number().min(0).lt(1);

/** Built from the definition's duration schema, which lives with the rest of the definition's. */
export const retrainSchema = (duration: z.ZodType<Duration, string>) =>
  z
    .object({
      window: duration.optional(),
      holdout: duration.optional(),
      metric: z.enum(RETRAIN_METRICS).optional(),
      margin: marginSchema.optional(),
    })
    .strict() satisfies z.ZodType<RetrainSettings, unknown>;
