import type { AlertPolicy } from '../fleet/alerts.js';
import type { Fleet } from '../fleet/fleet.js';
import { labelsOf, type FeatureParams } from '../gold/params.js';
import { currentGoldParams, goldColumnsDiffer } from '../gold/tables.js';
import type { LakeSession } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';
import { categoriesIn, loadDataset, type AssetGroup, type Dataset, type RowsKept } from './dataset.js';
import { chooseRule } from './decision/rule-choice.js';
import type { DecisionRows } from './decision/types.js';
import { encodedNames, encodingFor, type FeatureEncoding } from './encoding.js';
import { goldFingerprint } from './fingerprint.js';
import { featureImportance, predictProbaParallel, trainForest, type Forest, type ForestParams } from './forest/index.js';
import { decisionRows, judgeAlerts, judgeClasses, riskOf, type Grid } from './judge.js';
import type { LoadedModel } from './model-file.js';
import { registerModel } from './registry.js';
import { DEFAULT_ASSET_SHARE, DEFAULT_VALIDATION, testLabelCutoff, validationStart, type ValidationSplit } from './train-ranges.js';

export interface TrainOptions {
  name: string;
  from: Date;
  to: Date;
  testTo: Date;
  /** Default: the last quarter of the training range. */
  validate?: ValidationSplit;
  /** Fit the forest again on the whole training range once the rule is chosen; default true. */
  refit?: boolean;
  /** Default: the fleet definition's `alerts:`, else the best F1. */
  policy?: AlertPolicy;
  /** What decides the test labels; default: the newest data of the lake. */
  labelCutoff?: Date;
  forest: ForestParams;
  onTreeDone?: (done: number, total: number) => void;
}

/** Rows a part of the training kept, and why it left others out. */
export interface PartCount {
  from: Date;
  to: Date;
  rows: number;
  /** Healthy so far, but the data ends within a horizon of them. */
  unlabeled: number;
  /** Failing, left out with the undecided healthy rows beside them so the mix stays honest. */
  undecidedFailing: number;
}

export interface TrainReport {
  model: LoadedModel;
  train: PartCount;
  validation: PartCount & { fellBack: boolean };
  test: PartCount & { cutoff: Date };
}

/** The options with their defaults: what the model records. */
type Settled = Required<Omit<TrainOptions, 'labelCutoff' | 'onTreeDone'>> & TrainOptions;

function settled(fleet: Fleet, options: TrainOptions): Settled {
  return { ...options, validate: options.validate ?? DEFAULT_VALIDATION, refit: options.refit ?? true, policy: options.policy ?? fleet.alertPolicy ?? { kind: 'best-f1' } };
}

interface Context {
  session: LakeSession;
  classes: string[];
  encoding: FeatureEncoding;
  params: FeatureParams;
}

/** Rows of gold [from, to) (of a group of assets), labels decided by the data up to `cutoff`. */
interface Part {
  from: Date;
  to: Date;
  cutoff: Date;
  assets?: AssetGroup;
}

/** A part's rows, so that no failure after its cutoff reaches a label. */
function rowsOf(ctx: Context, part: Part, keep: RowsKept): Promise<Dataset> {
  const { from, to, cutoff, assets } = part;
  return loadDataset(ctx.session, { encoding: ctx.encoding, classes: ctx.classes, from, to, horizonSeconds: ctx.params.horizon.seconds, labelCutoff: cutoff, keep, ...(assets ? { assets } : {}) });
}

/** What the validation forest is fitted on, and the rows it then scores to choose the rule on. */
function validationParts(split: ValidationSplit, from: Date, to: Date, stepSeconds: number): { fit: Part; validate: Part } {
  if (split.kind === 'assets') {
    return { fit: { from, to, cutoff: to, assets: { share: split.share, inGroup: false } }, validate: { from, to, cutoff: to, assets: { share: split.share, inGroup: true } } };
  }
  const start = validationStart(from, to, split, stepSeconds);
  return { fit: { from, to: start, cutoff: start }, validate: { from: start, to, cutoff: to } };
}

const countOf = (data: Dataset, from: Date, to: Date): PartCount => ({ from, to, rows: data.rows, unlabeled: data.unlabeled, undecidedFailing: data.undecidedFailing });

/** How many rows of each class there are, in the order of the classes. */
function rowsPerClass(labels: Uint8Array, classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** A count of features per split above the features there are would silently mean "all". */
function checkFeatureCount(maxFeatures: ForestParams['maxFeatures'], featureCount: number): void {
  if (typeof maxFeatures === 'number' && maxFeatures > featureCount) {
    throw new InputError(`--max-features ${maxFeatures}: the model has ${featureCount} features; give at most ${featureCount}, a fraction, sqrt, log2 or all`);
  }
}

const span = (from: Date, to: Date): string => `[${from.toISOString().slice(0, 10)}, ${to.toISOString().slice(0, 10)})`;

function fit(ctx: Context, data: Dataset, options: TrainOptions): Promise<Forest> {
  return trainForest({ features: data.features, labels: data.labels, classCount: ctx.classes.length }, options.forest, options.onTreeDone);
}

interface Validation {
  split: ValidationSplit;
  parts: { fit: Part; validate: Part };
  data: Dataset;
  /** The range was too short for a time split, so a share of the assets was held out instead. */
  fellBack: boolean;
}

/**
 * The rows the rule is chosen on. A training range shorter than a horizon or so leaves its last
 * part no decided row: its history is too short to split by time, so a share of the assets is
 * held out over the whole range instead, and the printout says so.
 */
async function validationRows(ctx: Context, options: Settled): Promise<Validation> {
  const step = ctx.params.step.seconds;
  const asked = validationParts(options.validate, options.from, options.to, step);
  const data = await rowsOf(ctx, asked.validate, 'decided');
  if (data.rows > 0 || options.validate.kind === 'assets') return { split: options.validate, parts: asked, data, fellBack: false };
  const split: ValidationSplit = { kind: 'assets', share: options.validate.kind === 'share' ? options.validate.share : DEFAULT_ASSET_SHARE };
  const parts = validationParts(split, options.from, options.to, step);
  return { split, parts, data: await rowsOf(ctx, parts.validate, 'decided'), fellBack: true };
}

/** The validation forest and its risks on the rows the rule is chosen on. */
async function validationRisks(ctx: Context, options: Settled, validation: Validation): Promise<{ fitted: Forest; fitData: Dataset; rows: DecisionRows }> {
  const { parts, data } = validation;
  if (data.rows === 0) {
    throw new InputError(
      `no row of ${span(parts.validate.from, parts.validate.to)} has its horizon (${ctx.params.horizon.text}) before --to, to choose the alert rule on: give a longer training range`,
    );
  }
  const fitData = await rowsOf(ctx, parts.fit, 'labelled');
  if (fitData.rows === 0) throw new InputError(`no gold rows with a known label in ${span(parts.fit.from, parts.fit.to)} to fit on: build gold for that range or choose another --validate`);
  const fitted = await fit(ctx, fitData, options);
  const probabilities = await predictProbaParallel(fitted, data.features, options.forest.threads);
  return { fitted, fitData, rows: decisionRows(data, riskOf(probabilities, ctx.classes.length)) };
}

/**
 * Fits a forest on gold [from, to), chooses its alert rule on the later part of that range with
 * a forest fitted on the earlier part, judges it on [to, testTo) where the data decides the
 * labels, and registers it as the next version of its name (docs/decisions.md).
 */
export async function trainModel(session: LakeSession, fleet: Fleet, asked: TrainOptions): Promise<TrainReport> {
  const options = settled(fleet, asked);
  if (!(options.from < options.to && options.to < options.testTo)) throw new InputError('expected --from < --to < --test-to');
  const params = await currentGoldParams(session, fleet);
  if (session.filesOf('gold_features').length === 0) throw new InputError('gold has not been built yet: run `lakescore build gold` (or `build all`) first');
  const differs = goldColumnsDiffer(session, fleet, params);
  if (differs) throw new InputError(`gold was built under another fleet definition (${differs}): rebuild it with \`lakescore build gold --reset\``);
  const classes = labelsOf(fleet);
  const encoding = encodingFor(fleet, params, await categoriesIn(session, fleet, options.from, options.to));
  checkFeatureCount(options.forest.maxFeatures, encodedNames(encoding).length);
  const ctx: Context = { session, classes, encoding, params };
  const grid: Grid = { stepMs: params.step.seconds * 1000, horizonMs: params.horizon.seconds * 1000 };
  const cutoff = await testLabelCutoff(session, options.labelCutoff);
  const test = await rowsOf(ctx, { from: options.to, to: options.testTo, cutoff }, 'decided');
  if (test.rows === 0) {
    throw new InputError(
      `no test row of ${span(options.to, options.testTo)} is decided: the data ends at ${cutoff.toISOString()}, and a row is judged only once its horizon (${params.horizon.text}) has passed`,
    );
  }

  const held = await validationRows(ctx, options);
  const { parts } = held;
  const started = process.hrtime.bigint();
  const validation = await validationRisks(ctx, options, held);
  const rule = chooseRule(validation.rows, options.policy, grid, parts.validate);
  const train = options.refit ? await rowsOf(ctx, { from: options.from, to: options.to, cutoff: options.to }, 'labelled') : validation.fitData;
  const forest = options.refit ? await fit(ctx, train, options) : validation.fitted;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const probabilities = await predictProbaParallel(forest, test.features, options.forest.threads);
  const evaluation = judgeClasses(test, probabilities, classes);
  const alerts = judgeAlerts(decisionRows(test, riskOf(probabilities, classes.length)), rule, grid);
  const names = encodedNames(encoding);
  const importance = Array.from(featureImportance(forest), (value, i): [string, number] => [names[i] as string, value]).sort((a, b) => b[1] - a[1]);
  const trainTo = options.refit ? options.to : parts.fit.to;

  const model = await registerModel(session, {
    forest,
    validation: validation.rows,
    meta: {
      format: 2,
      name: options.name,
      createdAt: new Date().toISOString(),
      classes,
      encoding,
      featureParams: params,
      fleet: { hash: fleet.hash, definition: fleet.canonical },
      forestParams: options.forest,
      training: {
        from: options.from.toISOString(),
        to: trainTo.toISOString(),
        testTo: options.testTo.toISOString(),
        rows: train.rows,
        unlabeled: train.unlabeled,
        rowsPerClass: rowsPerClass(train.labels, classes.length),
        goldFingerprint: goldFingerprint(session, params, options.from, options.testTo),
        seconds,
        validation: {
          from: parts.validate.from.toISOString(),
          to: parts.validate.to.toISOString(),
          rows: held.data.rows,
          refit: options.refit,
          ...(held.split.kind === 'assets' ? { assetShare: held.split.share } : {}),
        },
      },
      evaluation: { ...evaluation, from: options.to.toISOString(), labelCutoff: cutoff.toISOString(), unlabeled: test.unlabeled, undecidedFailing: test.undecidedFailing },
      decision: { rule, test: alerts },
      importance,
    },
  });
  return {
    model,
    train: countOf(train, options.from, trainTo),
    validation: { ...countOf(held.data, parts.validate.from, parts.validate.to), fellBack: held.fellBack },
    test: { ...countOf(test, options.to, options.testTo), cutoff },
  };
}
