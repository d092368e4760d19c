import type { AlertPolicy, Costs } from '../../fleet/alerts.js';
import type { RetrainMetric } from '../../fleet/retrain.js';
import { InputError } from '../../sql/errors.js';
import type { EventFigures } from '../decision/types.js';

/** What a challenger and its champion are compared on (docs/retraining.md#the-comparison). */

/** The default margin: a challenger must be 5% better, so that noise between two fits does not swap models. */
export const DEFAULT_MARGIN = 0.05;

export interface Comparison {
  metric: RetrainMetric;
  /** What both models' alerts are priced with, when the metric is the expected cost. */
  costs: Costs | undefined;
}

/** What one model did on the holdout, as far as a metric needs. */
export interface Judged {
  figures: EventFigures;
  riskPrAuc: number | null;
}

export const METRIC_NAMES: Record<RetrainMetric, string> = {
  cost: 'expected cost',
  'event-f1': 'event F1',
  'event-recall': 'event recall',
  'row-f1': 'row F1',
  'pr-auc': 'PR-AUC',
};

/**
 * The metric asked for (a flag, else the definition's `retrain.metric`), else the expected cost
 * when the challenger's rule was chosen by costs, else the event F1. The cost needs costs.
 */
export function comparisonFor(asked: RetrainMetric | undefined, policy: AlertPolicy): Comparison {
  const costs = policy.kind === 'cost' ? policy.costs : undefined;
  const metric = asked ?? (costs ? 'cost' : 'event-f1');
  if (metric === 'cost' && !costs) {
    throw new InputError('the cost metric needs costs: give the definition `alerts: { cost: { missed_failure, false_alarm } }`, or compare on another metric');
  }
  return { metric, costs: metric === 'cost' ? costs : undefined };
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/**
 * Of failure events and alert episodes: recall is the share of failures caught, precision the
 * share of episodes a failure followed. What a planner sees, where row F1 counts every repeat.
 */
function eventF1(f: EventFigures): number {
  const precision = ratio(f.episodes - f.falseEpisodes, f.episodes);
  const recall = ratio(f.caught, f.failures);
  return ratio(2 * precision * recall, precision + recall);
}

/** The metric's value; null when there is none (a PR-AUC without failures). */
export function metricValue(metric: RetrainMetric, judged: Judged): number | null {
  const f = judged.figures;
  switch (metric) {
    case 'cost':
      return f.cost;
    case 'event-f1':
      return eventF1(f);
    case 'event-recall':
      return ratio(f.caught, f.failures);
    case 'row-f1':
      return f.f1;
    case 'pr-auc':
      return judged.riskPrAuc;
  }
}

/** The value a challenger must reach: `margin` lower than the champion's cost, or higher than its other figures. */
export function neededToBeat(metric: RetrainMetric, champion: number, margin: number): number {
  return metric === 'cost' ? champion * (1 - margin) : champion * (1 + margin);
}

/** Better by the margin, and strictly better: a champion at 0 is beaten by any gain, never by a tie. */
export function beatsByMargin(metric: RetrainMetric, challenger: number, champion: number, margin: number): boolean {
  const needed = neededToBeat(metric, champion, margin);
  return metric === 'cost' ? challenger < champion && challenger <= needed : challenger > champion && challenger >= needed;
}
