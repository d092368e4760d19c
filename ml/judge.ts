import type { AlertPolicy } from '../fleet/alerts.js';
import type { Dataset } from './dataset.js';
import { alertsAt } from './decision/alerts.js';
import { averagePrecision, brierScore, calibration } from './decision/curves.js';
import { baselines, eventFigures } from './decision/events.js';
import type { AlertRule } from './decision/rule.js';
import { thresholdOf } from './decision/rule.js';
import type { DecisionRows, EventFigures } from './decision/types.js';
import { argmaxRows, evaluate, type Evaluation } from './metrics.js';

/** How a model did on rows it never saw: per class, as probabilities, and at its alert rule. */

export interface Grid {
  stepMs: number;
  horizonMs: number;
}

export interface ProbabilityScores {
  /** Average precision of each class's probability against that class (one against the rest); null without rows of it. */
  classPrAuc: (number | null)[];
  /** Of the risk (any failure) against "fails within the horizon". */
  riskPrAuc: number | null;
  brier: number | null;
  calibration: { meanRisk: number; observed: number; rows: number }[];
}

export interface AlertJudgement {
  figures: EventFigures;
  baselines: { nothing: EventFigures; everything: EventFigures; half: EventFigures };
}

/** 1 - p(no failure) of each row; `none` is class 0. A row without probabilities (NaN) keeps NaN. */
export function riskOf(probabilities: Float64Array, classCount: number): Float64Array {
  const rows = probabilities.length / classCount;
  const risk = new Float64Array(rows);
  for (let r = 0; r < rows; r++) risk[r] = Math.min(1, Math.max(0, 1 - (probabilities[r * classCount] as number)));
  return risk;
}

export const decisionRows = (data: Dataset, risk: Float64Array): DecisionRows => ({ asset: data.asset, ts: data.ts, risk, failureAt: data.failureAt });

/** The rows `keep` accepts, in their order. */
export function rowsWhere(rows: DecisionRows, keep: (i: number) => boolean): DecisionRows {
  const kept = Array.from({ length: rows.ts.length }, (_, i) => i).filter(keep);
  const pick = (values: ArrayLike<number>): number[] => kept.map((i) => values[i] as number);
  return { asset: Int32Array.from(pick(rows.asset)), ts: Float64Array.from(pick(rows.ts)), risk: Float64Array.from(pick(rows.risk)), failureAt: Float64Array.from(pick(rows.failureAt)) };
}

function probabilityScores(data: Dataset, probabilities: Float64Array, classCount: number, risk: Float64Array): ProbabilityScores {
  const failing = Uint8Array.from(data.failureAt, (t) => (Number.isNaN(t) ? 0 : 1));
  const classPrAuc = Array.from({ length: classCount }, (_, c) => {
    const scores = Float64Array.from({ length: data.rows }, (_, r) => probabilities[r * classCount + c] as number);
    return averagePrecision(scores, Uint8Array.from(data.labels, (label) => (label === c ? 1 : 0)));
  });
  return { classPrAuc, riskPrAuc: averagePrecision(risk, failing), brier: brierScore(risk, failing), calibration: calibration(risk, failing) };
}

export function judgeClasses(data: Dataset, probabilities: Float64Array, classes: readonly string[]): Evaluation & ProbabilityScores {
  const risk = riskOf(probabilities, classes.length);
  return { ...evaluate(data.labels, argmaxRows(probabilities, classes.length), classes), ...probabilityScores(data, probabilities, classes.length, risk) };
}

/** The rule's figures on the rows, beside alerting nothing, everything and at 0.5. */
export function judgeAlerts(rows: DecisionRows, rule: AlertRule, grid: Grid): AlertJudgement {
  const costs = costsOf(rule.policy);
  const capacity = rule.maxPerDay === null ? undefined : { maxPerDay: rule.maxPerDay };
  const alerts = alertsAt(rows, thresholdOf(rule), grid.stepMs, grid.horizonMs, capacity);
  return { figures: eventFigures(rows, alerts, grid.stepMs, grid.horizonMs, costs), baselines: baselines(rows, grid.stepMs, grid.horizonMs, costs) };
}

export const costsOf = (policy: AlertPolicy) => (policy.kind === 'cost' ? policy.costs : undefined);
