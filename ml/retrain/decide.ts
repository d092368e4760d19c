import type { RetrainMetric } from '../../fleet/retrain.js';
import { beatsByMargin, METRIC_NAMES, neededToBeat } from './metric.js';

/** Whether a challenger replaces its champion, and why in one sentence (docs/retraining.md#the-decision). */

export type ChampionValue = { kind: 'none' } | { kind: 'unusable'; id: string; why: string } | { kind: 'ready'; id: string; value: number | null };

export interface DecisionInput {
  /** NAME@ALIAS, as the reason names the place the challenger would take. */
  place: string;
  challenger: { id: string; value: number | null };
  champion: ChampionValue;
  /** Set when the challenger was trained under another definition than the lake's. */
  otherDefinition: string | undefined;
  holdoutFailures: number;
  metric: RetrainMetric;
  margin: number;
}

export interface Decision {
  promoted: boolean;
  reason: string;
}

const shown = (metric: RetrainMetric, value: number): string => (metric === 'cost' ? value.toLocaleString('en-US', { maximumFractionDigits: 0 }) : value.toFixed(4));

/** The margin's comparison, once both figures exist. */
function byMargin(input: DecisionInput, championId: string, champion: number, challenger: number): Decision {
  const { metric, margin } = input;
  const name = METRIC_NAMES[metric];
  const percent = `${Math.round(margin * 1000) / 10}%`;
  const needed = shown(metric, neededToBeat(metric, champion, margin));
  const figures = `${input.challenger.id}'s ${name} ${shown(metric, challenger)} against ${championId}'s ${shown(metric, champion)}`;
  if (beatsByMargin(metric, challenger, champion, margin)) return { promoted: true, reason: `${figures}: better by at least the ${percent} margin (${needed})` };
  return { promoted: false, reason: `${figures}: not better by the ${percent} margin (${metric === 'cost' ? 'at most' : 'at least'} ${needed} needed)` };
}

/**
 * In order: a challenger of another definition is never promoted; without a champion, or with
 * one that cannot score the current gold, it is; a holdout without a failure decides nothing;
 * else the metric decides, by the margin.
 */
export function decide(input: DecisionInput): Decision {
  const { champion, challenger, place } = input;
  if (input.otherDefinition !== undefined) return { promoted: false, reason: `${challenger.id} ${input.otherDefinition}: a model trained under another fleet definition is never promoted` };
  if (champion.kind === 'none') return { promoted: true, reason: `there was no ${place} yet` };
  if (champion.kind === 'unusable') return { promoted: true, reason: `the champion ${champion.id} cannot score the current gold (${champion.why})` };
  if (input.holdoutFailures === 0) return { promoted: false, reason: `the holdout holds no failure to tell the models apart: ${champion.id} stays` };
  if (champion.value === null || challenger.value === null) return { promoted: false, reason: `the holdout gives no ${METRIC_NAMES[input.metric]} to compare: ${champion.id} stays` };
  return byMargin(input, champion.id, champion.value, challenger.value);
}
