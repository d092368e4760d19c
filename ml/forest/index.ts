/**
 * Random-forest core: numeric column-major features in, flat-array model out.
 * See docs in ml/forest/README.md for the design.
 */
import type { Forest } from './model.js';
import { checkColumns, predictRange } from './predict.js';

export { DEFAULT_FOREST_PARAMS, forestParamsSchema, resolveMtry, type Forest, type ForestParams } from './model.js';
export { trainForest, type TrainingSet } from './train.js';
export { serializeForest, parseForest, FORMAT_VERSION } from './format.js';
export { predictProbaParallel } from './parallel-predict.js';
export { oobProbabilities } from './oob.js';

/** Class probabilities, rows x classCount, row-major. features: one column per feature, NaN = missing. */
export function predictProba(forest: Forest, features: Float64Array[]): Float64Array {
  const rows = checkColumns(forest, features);
  const out = new Float64Array(rows * forest.classCount);
  predictRange(forest, features, 0, rows, out);
  return out;
}

/** Mean decrease in impurity per feature (sums to 1 unless every tree is a single leaf). */
export function featureImportance(forest: Forest): Float64Array {
  return forest.importance.slice();
}
