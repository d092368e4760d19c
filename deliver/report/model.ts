import type { CalibrationBin } from '../../ml/decision/curves.js';
import type { AlertRule } from '../../ml/decision/rule.js';
import { encodedNames } from '../../ml/encoding.js';
import type { AlertJudgement } from '../../ml/judge.js';
import type { ClassMetrics } from '../../ml/metrics.js';
import { declareModelTables, loadModel } from '../../ml/registry.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { riskScale, type RiskScale } from './scale.js';

const PRODUCTION = 'production';
const TOP_FEATURES = 20;

/** A model's alert rule and what it did on the test window (docs/decisions.md). */
export interface ModelDecision {
  /** The rule the registry holds now: the one scoring applies. */
  rule: AlertRule;
  /** The rule chosen at training, when `models set-alerts` has set another since. */
  atTraining: AlertRule | null;
  /** The test window's event figures at the rule chosen at training, beside the baselines. */
  test: AlertJudgement;
}

export interface ModelSummary {
  name: string;
  version: number;
  aliases: string[];
  /** Whether it carries the production alias, or is shown as the newest model for want of one. */
  inProduction: boolean;
  createdAt: string;
  /** testFrom: where the test window starts (--to); `to` ends the rows the forest was fitted on, earlier after --no-refit. */
  training: { from: string; to: string; testFrom: string; testTo: string; rows: number; seconds: number };
  horizon: string;
  /** The grid its results lie on, which alert episodes are walked by. */
  grid: { stepSeconds: number; horizonSeconds: number };
  trees: number;
  features: number;
  classes: string[];
  confusion: number[][];
  perClass: ClassMetrics[];
  macroF1: number;
  accuracy: number;
  testRows: number;
  importance: [string, number][];
  /** How the risk (any failure) scored on the test rows; absent from models trained before they were kept. */
  scores: { riskPrAuc: number | null; brier: number | null; calibration: CalibrationBin[]; calibrationScale: RiskScale };
  /** Null for a model trained before alert rules. */
  decision: ModelDecision | null;
}

const day = (iso: string): string => iso.slice(0, 10);

/** The production model as its registry entry and model.json describe it; none before the first training. */
export async function productionModel(session: LakeSession): Promise<ModelSummary | undefined> {
  await declareModelTables(session);
  const [row] = await session.queryFile('deliver', 'report/production_model.sql', { alias: PRODUCTION });
  if (!row) return undefined;
  const aliases = String(row.aliases ?? '').split(',').filter((a) => a !== '');
  const { meta, alertRule } = await loadModel(session, { name: String(row.name), version: Number(row.version) });
  const { evaluation: e, training: t, decision } = meta;
  const rule = alertRule ?? decision?.rule;
  const bins = e.calibration ?? [];
  return {
    name: meta.name,
    version: meta.version,
    aliases,
    inProduction: aliases.includes(PRODUCTION),
    createdAt: meta.createdAt.slice(0, 16).replace('T', ' '),
    training: { from: day(t.from), to: day(t.to), testFrom: day(e.from ?? t.to), testTo: day(t.testTo), rows: t.rows, seconds: t.seconds },
    horizon: meta.featureParams.horizon.text,
    grid: { stepSeconds: meta.featureParams.step.seconds, horizonSeconds: meta.featureParams.horizon.seconds },
    trees: meta.forestParams.trees,
    features: encodedNames(meta.encoding).length,
    classes: e.classes,
    confusion: e.confusion,
    perClass: e.perClass,
    macroF1: e.macroF1,
    accuracy: e.accuracy,
    testRows: e.rows,
    importance: meta.importance.slice(0, TOP_FEATURES),
    scores: { riskPrAuc: e.riskPrAuc ?? null, brier: e.brier ?? null, calibration: bins, calibrationScale: riskScale(bins.flatMap((b) => [b.meanRisk, b.observed])) },
    decision: decision && rule ? { rule, atTraining: rule.setAt === decision.rule.setAt ? null : decision.rule, test: decision.test } : null,
  };
}
