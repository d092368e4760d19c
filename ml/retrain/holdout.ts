import type { Costs } from '../../fleet/alerts.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { loadDataset } from '../dataset.js';
import type { AlertRule } from '../decision/rule.js';
import type { EventFigures } from '../decision/types.js';
import { predictProbaParallel } from '../forest/index.js';
import { decisionRows, judgeAlerts, judgeClasses, riskOf, type Grid } from '../judge.js';
import type { LoadedModel } from '../model-file.js';

/**
 * Both models of a retrain judged by one code path on one set of rows: the holdout's decided
 * rows of the current gold, each model's risk from its own forest, its alerts from its own rule.
 */

export interface Holdout {
  from: Date;
  to: Date;
  cutoff: Date;
  /** The current gold's fleet classes: what the labels index into. */
  classes: readonly string[];
  horizonSeconds: number;
  grid: Grid;
  /** What both models' alerts are priced with when the comparison is on cost. */
  costs: Costs | undefined;
  threads: number;
}

export interface HoldoutFigures {
  rows: number;
  failures: number;
  figures: EventFigures;
  riskPrAuc: number | null;
  macroF1: number;
  threshold: number | null;
}

/** The rule as it alerts, with its cost counted at the comparison's prices: each model's own policy may price none. */
const pricedAt = (rule: AlertRule, costs: Costs | undefined): AlertRule => (costs ? { ...rule, policy: { kind: 'cost', costs } } : rule);

export async function judgeOnHoldout(session: LakeSession, model: LoadedModel, rule: AlertRule, holdout: Holdout): Promise<HoldoutFigures> {
  const { from, to, cutoff, classes, horizonSeconds } = holdout;
  const data = await loadDataset(session, { encoding: model.meta.encoding, classes, from, to, horizonSeconds, labelCutoff: cutoff, keep: 'decided' });
  const probabilities = await predictProbaParallel(model.forest, data.features, holdout.threads);
  const judged = judgeClasses(data, probabilities, model.meta.classes);
  const { figures } = judgeAlerts(decisionRows(data, riskOf(probabilities, classes.length)), pricedAt(rule, holdout.costs), holdout.grid);
  return { rows: data.rows, failures: figures.failures, figures, riskPrAuc: judged.riskPrAuc, macroF1: judged.macroF1, threshold: rule.threshold };
}
