import type { Fleet } from '../fleet/fleet.js';
import { labelsOf } from '../gold/params.js';
import { currentGoldParams, goldColumnsDiffer } from '../gold/tables.js';
import type { LakeSession } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';
import { categoriesIn, type Dataset } from './dataset.js';
import { encodedNames, encodingFor } from './encoding.js';
import { goldFingerprint } from './fingerprint.js';
import { featureImportance, predictProbaParallel, type ForestParams } from './forest/index.js';
import { decisionRows, judgeAlerts, judgeClasses, riskOf, type Grid } from './judge.js';
import type { LoadedModel } from './model-file.js';
import { buildProfile } from './monitor/profile.js';
import { registerModel } from './registry.js';
import { rowsOf, span, type Context, type Settled, type TrainOptions } from './train-parts.js';
import { DEFAULT_VALIDATION, testLabelCutoff } from './train-ranges.js';
import { chooseRuleAndForest } from './train-rule.js';

export type { TrainOptions } from './train-parts.js';

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
  /** outOfBag: the range was too short to hold out its last part, so out-of-bag predictions chose the rule. */
  validation: PartCount & { outOfBag: boolean };
  test: PartCount & { cutoff: Date };
}

function settled(fleet: Fleet, options: TrainOptions): Settled {
  return { ...options, validate: options.validate ?? DEFAULT_VALIDATION, refit: options.refit ?? true, policy: options.policy ?? fleet.alertPolicy ?? { kind: 'best-f1' } };
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

/** The test window's rows that the data decides; none is an error, saying why. */
async function testRows(ctx: Context, cutoff: Date): Promise<Dataset> {
  const { to, testTo } = ctx.options;
  const test = await rowsOf(ctx, { from: to, to: testTo, cutoff }, 'decided');
  if (test.rows === 0) {
    throw new InputError(
      `no test row of ${span(to, testTo)} is decided: the data ends at ${cutoff.toISOString()}, and a row is judged only once its horizon (${ctx.params.horizon.text}) has passed`,
    );
  }
  return test;
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
  const encoding = encodingFor(fleet, params, await categoriesIn(session, fleet, params, options.from, options.to));
  checkFeatureCount(options.forest.maxFeatures, encodedNames(encoding).length);
  const ctx: Context = { session, classes, encoding, params, options };
  const grid: Grid = { stepMs: params.step.seconds * 1000, horizonMs: params.horizon.seconds * 1000 };
  const cutoff = await testLabelCutoff(session, options.labelCutoff);
  const test = await testRows(ctx, cutoff);

  const started = process.hrtime.bigint();
  const { rule, forest, train, rows, validation } = await chooseRuleAndForest(ctx, grid);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const probabilities = await predictProbaParallel(forest, test.features, options.forest.threads);
  const evaluation = judgeClasses(test, probabilities, classes);
  const alerts = judgeAlerts(decisionRows(test, riskOf(probabilities, classes.length)), rule, grid);
  const names = encodedNames(encoding);
  const importance = Array.from(featureImportance(forest), (value, i): [string, number] => [names[i] as string, value]).sort((a, b) => b[1] - a[1]);
  const trainTo = validation.refit || validation.outOfBag || validation.assetShare !== undefined ? options.to : validation.from;

  const model = await registerModel(session, {
    forest,
    validation: rows,
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
          from: validation.from.toISOString(),
          to: validation.to.toISOString(),
          rows: rows.ts.length,
          refit: validation.refit,
          ...(validation.assetShare === undefined ? {} : { assetShare: validation.assetShare }),
          ...(validation.outOfBag ? { outOfBag: true } : {}),
        },
      },
      evaluation: { ...evaluation, from: options.to.toISOString(), labelCutoff: cutoff.toISOString(), unlabeled: test.unlabeled, undecidedFailing: test.undecidedFailing },
      decision: { rule, test: alerts },
      importance,
      // the reference that later nights' features and risks are compared with: the rows the
      // forest was fitted on, and the risks of rows it did not fit
      profile: buildProfile(encoding, { values: train.features, ts: train.ts }, { values: rows.risk, ts: rows.ts }),
    },
  });
  return {
    model,
    train: countOf(train, options.from, trainTo),
    validation: { ...countOf(validation.data, validation.from, validation.to), rows: rows.ts.length, outOfBag: validation.outOfBag },
    test: { ...countOf(test, options.to, options.testTo), cutoff },
  };
}
