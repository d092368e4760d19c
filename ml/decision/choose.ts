import { alertRule, type DailyCapacity } from './alerts.js';
import { figureRule } from './events.js';
import type { AlertPolicy, DecisionRows, EventFigures } from './types.js';

/**
 * Choosing the alert threshold on validation rows (docs/decisions.md#choosing-the-threshold).
 * Every candidate is a validation score, so "risk >= threshold" alerts on the row that has it.
 */

/**
 * More distinct scores than this are thinned to a grid, so a choice costs at most this many
 * evaluations: on 200,000 rows about 3 s for the cost and capacity rules (bench/decision.ts).
 */
export const CANDIDATE_LIMIT = 1000;

/** The highest distinct scores always kept: where a rare-failure fleet's useful thresholds are. */
const TOP_KEPT = CANDIDATE_LIMIT / 4;

export interface ThresholdChoice {
  threshold: number;
  figures: EventFigures;
  /** Thresholds compared; 1 when none was chosen. */
  candidates: number;
  basis: 'validation' | 'given' | 'no-failures';
}

/** Distinct values of the scores, descending. */
function distinctDescending(scores: Float64Array): number[] {
  const sorted = Float64Array.from(scores).sort();
  const distinct: number[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) if (sorted[i] !== distinct[distinct.length - 1]) distinct.push(sorted[i] as number);
  return distinct;
}

/**
 * The thresholds compared, highest first: +Infinity (alert nothing) and every distinct score, or
 * past `CANDIDATE_LIMIT` of them the highest ones and evenly spaced ranks of the rest.
 */
export function thresholdCandidates(scores: Float64Array): number[] {
  const distinct = distinctDescending(scores);
  if (distinct.length <= CANDIDATE_LIMIT) return [Infinity, ...distinct];
  const spaced = CANDIDATE_LIMIT - TOP_KEPT;
  const grid = new Set(distinct.slice(0, TOP_KEPT));
  for (let k = 0; k < spaced; k++) grid.add(distinct[TOP_KEPT + Math.round((k * (distinct.length - 1 - TOP_KEPT)) / (spaced - 1))] as number);
  return [Infinity, ...[...grid].sort((a, b) => b - a)];
}

/** Whether figures `a` beat `b` under the policy; on equal figures the earlier (higher) threshold stays. */
function beats(policy: AlertPolicy, a: EventFigures, b: EventFigures): boolean {
  if (policy.kind === 'cost') return (a.cost as number) < (b.cost as number);
  return a.caught > b.caught || (a.caught === b.caught && a.falseEpisodes < b.falseEpisodes);
}

/** The candidate whose alerts beat those of every higher one. */
function bestJudged(policy: AlertPolicy, candidates: readonly number[], judge: (threshold: number) => EventFigures): number {
  let best = candidates[0] as number;
  let bestFigures = judge(best);
  for (const candidate of candidates.slice(1)) {
    const figures = judge(candidate);
    if (beats(policy, figures, bestFigures)) {
      best = candidate;
      bestFigures = figures;
    }
  }
  return best;
}

/**
 * The candidate with the highest row F1, in one walk down the sorted scores: F1 needs only how
 * many rows, and how many positive rows, score at least the threshold, so no alerts are made per
 * candidate. F1 is 2tp / (alerts + positives), the division `figureRule` makes, so a tie is a tie.
 */
function bestF1(rows: DecisionRows, candidates: readonly number[]): number {
  const all = Float64Array.from(rows.risk).sort();
  const positive = Float64Array.from(rows.risk.filter((_, i) => !Number.isNaN(rows.failureAt[i] as number))).sort();
  let alerted = 0;
  let tp = 0;
  let best = candidates[0] as number;
  let bestScore = -Infinity;
  for (const candidate of candidates) {
    while (alerted < all.length && (all[all.length - 1 - alerted] as number) >= candidate) alerted++;
    while (tp < positive.length && (positive[positive.length - 1 - tp] as number) >= candidate) tp++;
    const f1 = (2 * tp) / (alerted + positive.length);
    if (f1 > bestScore) {
      best = candidate;
      bestScore = f1;
    }
  }
  return best;
}

const hasPositive = (rows: DecisionRows): boolean => rows.failureAt.some((failure) => !Number.isNaN(failure));

/** The threshold the policy asks for on these rows, and what it does on them. */
export function chooseThreshold(rows: DecisionRows, policy: AlertPolicy, stepMs: number, horizonMs: number): ThresholdChoice {
  const alertsFor = alertRule(rows, stepMs, horizonMs);
  const figuresFor = figureRule(rows, stepMs, horizonMs);
  const costs = policy.kind === 'cost' ? policy.costs : undefined;
  const capacity: DailyCapacity | undefined = policy.kind === 'capacity' ? { maxPerDay: policy.maxPerDay } : undefined;
  const judge = (threshold: number): EventFigures => figuresFor(alertsFor(threshold, capacity), costs);
  if (policy.kind === 'fixed') return { threshold: policy.threshold, figures: judge(policy.threshold), candidates: 1, basis: 'given' };
  if (!hasPositive(rows)) return { threshold: 0.5, figures: judge(0.5), candidates: 1, basis: 'no-failures' };
  const candidates = thresholdCandidates(rows.risk);
  const threshold = policy.kind === 'best-f1' ? bestF1(rows, candidates) : bestJudged(policy, candidates, judge);
  return { threshold, figures: judge(threshold), candidates: candidates.length, basis: 'validation' };
}
