import { bagWords, bootstrapDraws, inBagBits } from './bootstrap.js';
import type { Forest } from './model.js';
import { MIN_PARALLEL_WALKS, scoreParallel } from './parallel-predict.js';
import { checkColumns, packForest } from './predict.js';

/**
 * Out-of-bag class probabilities of the rows a forest was trained on: for each row, the mean of
 * the class probabilities of the trees whose bootstrap sample did not draw it (about e^-0.632,
 * 53%, of the trees at the default sample fraction), rows x classCount, row-major. A row every
 * tree drew has NaN for every class. `features` must be the training set's columns, rows in the
 * same order: the bootstrap samples are recomputed from the seed as training drew them (the
 * row count is checked against the draws the trees recorded, nothing more can be). Split over
 * `threads` as predictProbaParallel; any thread count gives the same bits.
 */
export async function oobProbabilities(forest: Forest, features: Float64Array[], threads = 1, minWalks = MIN_PARALLEL_WALKS): Promise<Float64Array> {
  const rows = checkColumns(forest, features);
  checkTrainingRows(forest, rows);
  const inBag = new Uint32Array(new SharedArrayBuffer(forest.treeCount * bagWords(rows) * 4));
  inBagBits({ ...forest.params, trees: forest.treeCount }, rows, inBag);
  return scoreParallel({ packed: packForest(forest), inBag }, features, rows, threads, minWalks);
}

/** Every root holds the tree's draws, round(fraction * rows): a forest of other rows shows there. */
function checkTrainingRows(forest: Forest, rows: number): void {
  const recorded = forest.samples[forest.treeOffsets[0]!]!;
  const expected = bootstrapDraws(rows, forest.params.sampleFraction);
  if (recorded !== expected) {
    throw new Error(`oobProbabilities: the forest's trees drew ${recorded} rows each, ${rows} training rows would give ${expected}: give the rows it was trained on`);
  }
}
