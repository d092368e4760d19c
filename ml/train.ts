import type { Fleet } from '../fleet/fleet.js';
import { labelsOf, type FeatureParams } from '../gold/params.js';
import { currentGoldParams, goldColumnsDiffer } from '../gold/tables.js';
import type { LakeSession } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';
import { categoriesIn, loadDataset, type Dataset } from './dataset.js';
import { encodedNames, encodingFor, type FeatureEncoding } from './encoding.js';
import { goldFingerprint } from './fingerprint.js';
import { featureImportance, predictProbaParallel, trainForest, type ForestParams } from './forest/index.js';
import { argmaxRows, evaluate } from './metrics.js';
import type { LoadedModel } from './model-file.js';
import { registerModel } from './registry.js';

export interface TrainOptions {
  name: string;
  from: Date;
  to: Date;
  testTo: Date;
  forest: ForestParams;
  onTreeDone?: (done: number, total: number) => void;
}

export interface TrainReport {
  model: LoadedModel;
  train: { rows: number; unlabeled: number };
  test: { rows: number; unlabeled: number };
}

/** Labels cut off at the end of each range, so no failure after it reaches a label. */
function labelledRange(session: LakeSession, classes: string[], encoding: FeatureEncoding, params: FeatureParams, from: Date, to: Date): Promise<Dataset> {
  return loadDataset(session, { encoding, classes, from, to, horizonSeconds: params.horizon.seconds, labelCutoff: to, labelled: true });
}

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

/**
 * Fits a forest on gold [from, to), evaluates it on [to, testTo) and registers it as the next
 * version of its name, with its parameters, features, data fingerprint and metrics.
 */
export async function trainModel(session: LakeSession, fleet: Fleet, options: TrainOptions): Promise<TrainReport> {
  if (!(options.from < options.to && options.to < options.testTo)) throw new InputError('expected --from < --to < --test-to');
  const params = await currentGoldParams(session, fleet);
  if (session.filesOf('gold_features').length === 0) throw new InputError('gold has not been built yet: run `lakescore build gold` (or `build all`) first');
  const differs = goldColumnsDiffer(session, fleet, params);
  if (differs) throw new InputError(`gold was built under another fleet definition (${differs}): rebuild it with \`lakescore build gold --reset\``);
  const classes = labelsOf(fleet);
  const encoding = encodingFor(fleet, params, await categoriesIn(session, fleet, options.from, options.to));
  checkFeatureCount(options.forest.maxFeatures, encodedNames(encoding).length);
  const train = await labelledRange(session, classes, encoding, params, options.from, options.to);
  if (train.rows === 0) throw new InputError(`no gold rows with a known label in [${options.from.toISOString()}, ${options.to.toISOString()}): build gold for that range`);
  const test = await labelledRange(session, classes, encoding, params, options.to, options.testTo);
  if (test.rows === 0) throw new InputError(`no gold rows with a known label in [${options.to.toISOString()}, ${options.testTo.toISOString()}) to evaluate on`);

  const started = process.hrtime.bigint();
  const forest = await trainForest({ features: train.features, labels: train.labels, classCount: classes.length }, options.forest, options.onTreeDone);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const probabilities = await predictProbaParallel(forest, test.features, options.forest.threads);
  const evaluation = evaluate(test.labels, argmaxRows(probabilities, classes.length), classes);
  const names = encodedNames(encoding);
  const importance = Array.from(featureImportance(forest), (value, i): [string, number] => [names[i] as string, value]).sort((a, b) => b[1] - a[1]);

  const model = await registerModel(session, {
    forest,
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
        to: options.to.toISOString(),
        testTo: options.testTo.toISOString(),
        rows: train.rows,
        unlabeled: train.unlabeled,
        rowsPerClass: rowsPerClass(train.labels, classes.length),
        goldFingerprint: goldFingerprint(session, params, options.from, options.testTo),
        seconds,
      },
      evaluation: { ...evaluation, unlabeled: test.unlabeled },
      importance,
    },
  });
  return { model, train: { rows: train.rows, unlabeled: train.unlabeled }, test: { rows: test.rows, unlabeled: test.unlabeled } };
}
