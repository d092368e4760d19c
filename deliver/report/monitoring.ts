import { monitorRange } from '../../ml/monitor/monitor-range.js';
import type { DriftThresholds } from '../../ml/monitor/thresholds.js';
import type { PeriodPerformance } from '../../ml/monitor/performance-over.js';
import { MIN_FAILURES } from '../../ml/monitor/performance-rollup.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { retrainDecisions, type RetrainDecision } from './decisions.js';
import { driftNow, type DriftNow } from './drift-now.js';
import type { ModelSummary } from './model.js';

/** Whether the production model is still right: its realised performance, its drift, and the retrain decisions (docs/report.md#monitoring). */

const DRIFT_ROWS = 10;
const DECISIONS = 5;

/** The rule's row figures and false alert episodes; null where there are none (no rule, or too few failures). */
export interface AlertRates {
  precision: number | null;
  recall: number | null;
  falsePer1000AssetDays: number | null;
}

export interface WeekPerformance extends AlertRates {
  /** [from, to), UTC days: a week from Monday, clipped to the range. */
  from: string;
  to: string;
  rows: number;
  failures: number;
  caught: number | null;
  /** At least `minFailures` failure events: without, precision and recall are null. */
  enough: boolean;
}

export interface Monitoring {
  /** The version monitored: the production model (`pdm@3`). */
  model: string;
  /** The eight weeks up to the newest day monitored, [from, to); null when nothing was monitored yet. */
  range: { from: string; to: string } | null;
  minFailures: number;
  /** What `lakescore monitor` prints beside: the rule's figures on the test window at training; null without weeks or without them. */
  expected: AlertRates | null;
  weeks: WeekPerformance[];
  /** Null when the version stored no drift in the range. */
  drift: DriftNow | null;
  decisions: RetrainDecision[];
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

function weekOf(p: PeriodPerformance): WeekPerformance {
  const r = p.realised;
  return { from: day(p.from), to: day(p.to), rows: r.rows, failures: r.failures, caught: r.caught, enough: r.enough, precision: r.precision, recall: r.recall, falsePer1000AssetDays: r.falsePer1000AssetDays };
}

function expectedOf(periods: readonly PeriodPerformance[]): AlertRates | null {
  const alerts = periods[0]?.expected.test.alerts;
  return alerts ? { precision: alerts.precision, recall: alerts.recall, falsePer1000AssetDays: alerts.falsePer1000AssetDays } : null;
}

/** The production model's weeks, as `lakescore monitor --model NAME@VERSION` summarises them by default, and the newest retrain decisions. */
export async function monitoringOf(session: LakeSession, model: Pick<ModelSummary, 'name' | 'version'>, thresholds: DriftThresholds): Promise<Monitoring> {
  const version = { name: model.name, version: model.version };
  const report = await monitorRange(session, { period: 'week', model: version }, thresholds);
  const decisions = await retrainDecisions(session, DECISIONS);
  const base = { model: `${model.name}@${model.version}`, minFailures: MIN_FAILURES, decisions };
  if (!report) return { ...base, range: null, expected: null, weeks: [], drift: null };
  const drift = report.drift.find((v) => v.name === version.name && v.version === version.version);
  return {
    ...base,
    range: { from: day(report.from), to: day(report.to) },
    expected: expectedOf(report.performance),
    weeks: report.performance.map(weekOf),
    drift: drift ? driftNow(drift, report.from, DRIFT_ROWS) : null,
  };
}
