import { TooLittleDataError } from '../sql/errors.js';
import type { Dataset } from './dataset.js';
import type { AlertRule } from './decision/rule.js';
import { chooseRule } from './decision/rule-choice.js';
import type { DecisionRows } from './decision/types.js';
import { oobProbabilities, predictProbaParallel, type Forest } from './forest/index.js';
import { decisionRows, riskOf, rowsWhere, type Grid } from './judge.js';
import { fit, rowsOf, span, type Context, type Part } from './train-parts.js';
import { validationStart, type ValidationSplit } from './train-ranges.js';

/**
 * How train chooses the alert rule (docs/decisions.md): on a part of the training range the
 * forest did not fit, held out by time or by asset; or, where the range is too short to hold
 * out its last part beyond a horizon, on the forest's out-of-bag predictions of its own rows.
 */

export interface RuleChoice {
  rule: AlertRule;
  /** The model's forest and the rows it was fitted on. */
  forest: Forest;
  train: Dataset;
  /** The rows the rule was chosen on, with the risks it was chosen by: kept with the model. */
  rows: DecisionRows;
  validation: { from: Date; to: Date; data: Dataset; assetShare?: number; outOfBag: boolean; refit: boolean };
}

/** What the validation forest is fitted on, and the rows it then scores to choose the rule on. */
export function heldOutParts(split: ValidationSplit, from: Date, to: Date, stepSeconds: number): { fit: Part; validate: Part } {
  if (split.kind === 'assets') {
    return { fit: { from, to, cutoff: to, assets: { share: split.share, inGroup: false } }, validate: { from, to, cutoff: to, assets: { share: split.share, inGroup: true } } };
  }
  const start = validationStart(from, to, split, stepSeconds);
  return { fit: { from, to: start, cutoff: start }, validate: { from: start, to, cutoff: to } };
}

const wholeRange = (ctx: Context): Part => ({ from: ctx.options.from, to: ctx.options.to, cutoff: ctx.options.to });

/** A first forest fitted on the rest scores the held-out rows; the model is then fitted on the whole range, unless --no-refit. */
async function chooseOnHeldOut(ctx: Context, grid: Grid, parts: { fit: Part; validate: Part }, data: Dataset): Promise<RuleChoice> {
  const { options } = ctx;
  const fitData = await rowsOf(ctx, parts.fit, 'labelled');
  if (fitData.rows === 0) throw new TooLittleDataError(`no gold rows with a known label in ${span(parts.fit.from, parts.fit.to)} to fit on: build gold for that range or choose another --validate`);
  const fitted = await fit(ctx, fitData);
  const probabilities = await predictProbaParallel(fitted, data.features, options.forest.threads);
  const rows = decisionRows(data, riskOf(probabilities, ctx.classes.length));
  const rule = chooseRule(rows, options.policy, grid, parts.validate);
  const train = options.refit ? await rowsOf(ctx, wholeRange(ctx), 'labelled') : fitData;
  const forest = options.refit ? await fit(ctx, train) : fitted;
  const assetShare = options.validate.kind === 'assets' ? { assetShare: options.validate.share } : {};
  return { rule, forest, train, rows, validation: { from: parts.validate.from, to: parts.validate.to, data, ...assetShare, outOfBag: false, refit: options.refit } };
}

/** One forest on the whole range; each row judged only by the trees whose bootstrap left it out. */
async function chooseOutOfBag(ctx: Context, grid: Grid): Promise<RuleChoice> {
  const range = wholeRange(ctx);
  const train = await rowsOf(ctx, range, 'labelled');
  if (train.rows === 0) throw new TooLittleDataError(`no gold rows with a known label in ${span(range.from, range.to)}: build gold for that range`);
  const forest = await fit(ctx, train);
  const probabilities = await oobProbabilities(forest, train.features, ctx.options.forest.threads);
  const risk = riskOf(probabilities, ctx.classes.length);
  // judged as a held-out part is: only rows whose horizon ends by --to, or the failing rows near
  // it would come without the healthy rows beside them; and a row every tree drew has no
  // out-of-bag prediction
  const decidedBy = range.to.getTime() - grid.horizonMs;
  const rows = rowsWhere(decisionRows(train, risk), (i) => !Number.isNaN(risk[i]) && (train.ts[i] as number) <= decidedBy);
  if (rows.ts.length === 0) throw new TooLittleDataError(`no row of ${span(range.from, range.to)} has its horizon (${ctx.params.horizon.text}) before --to, to choose the alert rule on: give a longer training range`);
  const rule = chooseRule(rows, ctx.options.policy, grid, range, 'out-of-bag');
  return { rule, forest, train, rows, validation: { from: range.from, to: range.to, data: train, outOfBag: true, refit: false } };
}

/**
 * The rule and the model's forest. A time split whose later part holds no row with its horizon
 * before --to cannot be judged: that history is too short to split, and the out-of-bag
 * predictions choose instead (they chose better than a share of the assets did on such ranges).
 */
export async function chooseRuleAndForest(ctx: Context, grid: Grid): Promise<RuleChoice> {
  const { options } = ctx;
  const parts = heldOutParts(options.validate, options.from, options.to, ctx.params.step.seconds);
  const data = await rowsOf(ctx, parts.validate, 'decided');
  if (data.rows > 0) return chooseOnHeldOut(ctx, grid, parts, data);
  if (options.validate.kind === 'assets') {
    throw new TooLittleDataError(`no row of ${span(options.from, options.to)} has its horizon (${ctx.params.horizon.text}) before --to, to choose the alert rule on: give a longer training range`);
  }
  return chooseOutOfBag(ctx, grid);
}
