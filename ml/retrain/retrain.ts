import { lakeDefinition } from '../../fleet/definitions.js';
import type { Fleet } from '../../fleet/fleet.js';
import type { RetrainMetric } from '../../fleet/retrain.js';
import { labelsOf } from '../../gold/params.js';
import { currentGoldParams, lastGoldBuild } from '../../gold/tables.js';
import type { TableEntry } from '../../sql/catalog.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { InputError } from '../../sql/errors.js';
import { timestampText } from '../../sql/text.js';
import type { AlertRule } from '../decision/rule.js';
import type { LoadedModel } from '../model-file.js';
import { MODELS_COLUMNS, writeAliasMove } from '../registry.js';
import { trainModel, type TrainReport } from '../train.js';
import { testLabelCutoff } from '../train-ranges.js';
import { championOf, type Champion } from './champion.js';
import { decide, type ChampionValue, type Decision } from './decide.js';
import { EVALUATION_COUNTER, MODEL_EVALUATIONS_COLUMNS, writeEvaluation } from './evaluations.js';
import { judgeOnHoldout, type Holdout, type HoldoutFigures } from './holdout.js';
import { comparisonFor, metricValue } from './metric.js';
import { challengerPolicy, challengerTraining, settle, type RetrainOptions } from './recipe.js';
import { retrainRanges, type RetrainRanges } from './ranges.js';

export type { RetrainOptions } from './recipe.js';
export { retrainSummary } from './summary.js';
export { retrainDue } from './evaluations.js';

/**
 * `lakescore retrain` (docs/retraining.md): a challenger trained on the newest window whose
 * labels are decided, judged with the champion on the newest holdout, which the challenger never
 * saw, and promoted when it is better by the margin; the decision recorded either way.
 */

export interface JudgedModel {
  /** NAME@VERSION. */
  id: string;
  figures: HoldoutFigures;
  /** The compared value; null when the holdout gives none. */
  value: number | null;
}

export interface RetrainReport {
  evaluationId: number;
  name: string;
  alias: string;
  ranges: RetrainRanges;
  metric: RetrainMetric;
  margin: number;
  challenger: JudgedModel & { training: TrainReport };
  /** Undefined without a champion; `unusable` says why it could not be judged. */
  champion: (JudgedModel & { fittedHoldout: boolean }) | { id: string; unusable: string } | undefined;
  promoted: boolean;
  /** One sentence: what decided. */
  reason: string;
}

const short = (hash: string): string => hash.slice(0, 12);

/** What keeps the challenger from promotion whatever its figures: another definition than the lake's, its own or its gold's. */
async function otherDefinition(session: LakeSession, fleet: Fleet, challengerHash: string): Promise<string | undefined> {
  const lake = (await lakeDefinition(session))?.fleet.hash ?? fleet.hash;
  if (challengerHash !== lake) return `was trained under fleet definition ${short(challengerHash)}, not the lake's ${short(lake)}`;
  const gold = (await lastGoldBuild(session))?.fleetHash;
  if (gold !== undefined && /^[0-9a-f]{64}$/.test(gold) && gold !== lake) return `was trained on gold built under fleet definition ${short(gold)}, not the lake's ${short(lake)}`;
  return undefined;
}

async function goldStart(session: LakeSession): Promise<Date> {
  const [extent] = await session.queryFile('ml', 'gold_extent.sql', { after: timestampText(new Date(0)) });
  if (!(extent?.first_ts instanceof Date)) throw new InputError('gold has not been built yet: run `lakescore build gold` (or `build all`) first');
  return extent.first_ts;
}

async function holdoutOf(session: LakeSession, fleet: Fleet, ranges: RetrainRanges, costs: Holdout['costs'], threads: number): Promise<Holdout> {
  const { step, horizon } = await currentGoldParams(session, fleet);
  const grid = { stepMs: step.seconds * 1000, horizonMs: horizon.seconds * 1000 };
  return { ...ranges.holdout, cutoff: ranges.cutoff, classes: labelsOf(fleet), horizonSeconds: horizon.seconds, grid, costs, threads };
}

async function judged(session: LakeSession, id: string, model: LoadedModel, rule: AlertRule, holdout: Holdout, metric: RetrainMetric): Promise<JudgedModel> {
  const figures = await judgeOnHoldout(session, model, rule, holdout);
  return { id, figures, value: metricValue(metric, figures) };
}

/** The champion judged as the challenger was, or why it cannot be. */
async function judgedChampion(session: LakeSession, champion: Champion, holdout: Holdout, metric: RetrainMetric): Promise<RetrainReport['champion']> {
  if (champion.kind === 'none') return undefined;
  if (champion.kind === 'unusable') return { id: champion.id, unusable: champion.why };
  const result = await judged(session, champion.id, champion.model, champion.rule, holdout, metric);
  // a champion that fitted holdout rows is judged on rows it knows: in its favour, so it errs towards keeping it
  return { ...result, fittedHoldout: new Date(champion.model.meta.training.to) > holdout.from };
}

const championValue = (champion: RetrainReport['champion']): ChampionValue => {
  if (champion === undefined) return { kind: 'none' };
  if ('unusable' in champion) return { kind: 'unusable', id: champion.id, why: champion.unusable };
  return { kind: 'ready', id: champion.id, value: champion.value };
};

/** The decision's row, and the alias moved when it promotes: one commit, so neither is ever seen without the other. */
async function publishDecision(session: LakeSession, report: Omit<RetrainReport, 'evaluationId'> & Decision, evaluatedAt: Date): Promise<number> {
  const evaluationId = (session.catalog.counters[EVALUATION_COUNTER] ?? 0) + 1;
  const { challenger, champion } = report;
  const evaluation = await writeEvaluation(session, {
    evaluationId,
    evaluatedAt,
    name: report.name,
    alias: report.alias,
    champion: champion?.id ?? null,
    challenger: challenger.id,
    window: report.ranges.window,
    holdout: report.ranges.holdout,
    cutoff: report.ranges.cutoff,
    holdoutRows: challenger.figures.rows,
    holdoutFailures: challenger.figures.failures,
    metric: report.metric,
    margin: report.margin,
    championValue: champion && !('unusable' in champion) ? champion.value : null,
    challengerValue: challenger.value,
    figures: { challenger: challenger.figures, champion: champion && ('unusable' in champion ? { unusable: champion.unusable } : { ...champion.figures, fittedHoldout: champion.fittedHoldout }) },
    promoted: report.promoted,
    reason: report.reason,
  });
  const { version } = challenger.training.model.meta;
  const tables: Record<string, TableEntry> = { model_evaluations: { files: [evaluation], columns: MODEL_EVALUATIONS_COLUMNS } };
  if (report.promoted) tables.models = { files: [await writeAliasMove(session, { name: report.name, version }, report.alias)], columns: MODELS_COLUMNS };
  await session.commit({ tables, counters: { [EVALUATION_COUNTER]: evaluationId } });
  return evaluationId;
}

/**
 * Trains a challenger on [holdout start - window, holdout start), judges it and the model
 * NAME@ALIAS on the holdout's decided rows with the same code, and promotes the challenger when
 * it wins by the margin. The challenger is registered (one commit) whatever the decision; the
 * decision and a promotion are the next commit.
 */
export async function retrain(session: LakeSession, fleet: Fleet, options: RetrainOptions): Promise<RetrainReport> {
  const settled = settle(fleet, options);
  const params = await currentGoldParams(session, fleet);
  const cutoff = await testLabelCutoff(session, undefined);
  const ranges = retrainRanges(cutoff, params, settled.window.seconds, settled.holdoutSeconds, await goldStart(session));
  const champion = await championOf(session, fleet, { name: options.name, alias: options.alias });
  const policy = challengerPolicy(fleet, champion);
  const { metric, costs } = comparisonFor(settled.metric, policy);

  const trainOptions = challengerTraining(options, champion, policy, ranges);
  const training = await trainModel(session, fleet, trainOptions);
  const { meta } = training.model;
  const holdout = await holdoutOf(session, fleet, ranges, costs, trainOptions.forest.threads);
  if (!meta.decision) throw new Error(`trainModel registered ${meta.name}@${meta.version} without an alert rule`);
  const challenger = { ...(await judged(session, `${meta.name}@${meta.version}`, training.model, meta.decision.rule, holdout, metric)), training };
  const judgedChamp = await judgedChampion(session, champion, holdout, metric);

  const decision = decide({
    place: `${options.name}@${options.alias}`,
    challenger: { id: challenger.id, value: challenger.value },
    champion: championValue(judgedChamp),
    otherDefinition: await otherDefinition(session, fleet, meta.fleet.hash),
    holdoutFailures: challenger.figures.failures,
    metric,
    margin: settled.margin,
  });
  const report = { name: options.name, alias: options.alias, ranges, metric, margin: settled.margin, challenger, champion: judgedChamp, ...decision };
  const evaluationId = await publishDecision(session, report, options.now ?? new Date());
  return { evaluationId, ...report };
}
