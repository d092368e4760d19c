import { availableParallelism } from 'node:os';
import type { AlertPolicy } from '../../fleet/alerts.js';
import { parseDuration, type Duration } from '../../fleet/duration.js';
import type { Fleet } from '../../fleet/fleet.js';
import type { RetrainMetric } from '../../fleet/retrain.js';
import { DEFAULT_FOREST_PARAMS, type ForestParams } from '../forest/index.js';
import type { TrainOptions } from '../train.js';
import { DEFAULT_VALIDATION } from '../train-ranges.js';
import type { Champion } from './champion.js';
import { DEFAULT_MARGIN } from './metric.js';
import { DEFAULT_HOLDOUT_SHARE, type RetrainRanges } from './ranges.js';

/**
 * How a challenger is trained (docs/retraining.md#the-challenger): as its champion was, on newer
 * data. A retrain asks for a new fit, not for new settings: what the champion was given (its
 * forest, whether its rule was chosen on a share of the assets, whether it was fitted again) and
 * the alert policy it scores with carry over, unless the flags or the definition say otherwise.
 */

export interface RetrainOptions {
  /** The model name; its versions are the champion and the challenger. */
  name: string;
  /** The alias the champion holds and the challenger would take (production). */
  alias: string;
  /** Default: the definition's `retrain.window`, else 180 days. */
  window?: Duration;
  /** Default: the definition's `retrain.holdout`, else a quarter of the window. */
  holdoutSeconds?: number;
  /** Default: the definition's `retrain.metric`, else the cost when the rule prices alerts, else the event F1. */
  metric?: RetrainMetric;
  /** Default: the definition's `retrain.margin`, else 5%. */
  margin?: number;
  /** Over the champion's forest settings (the defaults without a champion). */
  forest?: Partial<ForestParams>;
  /** When the decision is recorded (the nightly's time); default: now. */
  now?: Date;
  onTreeDone?: (done: number, total: number) => void;
}

export const DEFAULT_WINDOW = parseDuration('180d') as Duration;

export interface Settled {
  window: Duration;
  holdoutSeconds: number;
  metric: RetrainMetric | undefined;
  margin: number;
}

export function settle(fleet: Fleet, options: RetrainOptions): Settled {
  const defined = fleet.retrain ?? {};
  const window = options.window ?? defined.window ?? DEFAULT_WINDOW;
  return {
    window,
    holdoutSeconds: options.holdoutSeconds ?? defined.holdout?.seconds ?? Math.round(window.seconds * DEFAULT_HOLDOUT_SHARE),
    metric: options.metric ?? defined.metric,
    margin: options.margin ?? defined.margin ?? DEFAULT_MARGIN,
  };
}

/** The definition's `alerts:` as for train, else the policy the champion scores with now (set-alerts may have changed it). */
export const challengerPolicy = (fleet: Fleet, champion: Champion): AlertPolicy =>
  fleet.alertPolicy ?? (champion.kind === 'ready' ? champion.rule.policy : { kind: 'best-f1' });

/** trainModel's options: fitted on the window, tested on the holdout, which it never sees before. */
export function challengerTraining(options: RetrainOptions, champion: Champion, policy: AlertPolicy, ranges: RetrainRanges): TrainOptions {
  const recipe = champion.kind === 'ready' ? champion.model.meta : undefined;
  const validation = recipe?.training.validation;
  const assetShare = validation?.assetShare;
  return {
    name: options.name,
    from: ranges.window.from,
    to: ranges.window.to,
    testTo: ranges.holdout.to,
    validate: assetShare === undefined ? DEFAULT_VALIDATION : { kind: 'assets', share: assetShare },
    // an out-of-bag choice records no refit, there being one forest: that says nothing of a longer window
    refit: validation && !validation.outOfBag ? validation.refit : true,
    policy,
    labelCutoff: ranges.cutoff,
    // the model does not depend on the threads, so the champion's count does not bind this machine
    forest: { ...(recipe?.forestParams ?? DEFAULT_FOREST_PARAMS), threads: availableParallelism(), ...options.forest },
    ...(options.onTreeDone ? { onTreeDone: options.onTreeDone } : {}),
  };
}
