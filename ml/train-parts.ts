import type { AlertPolicy } from '../fleet/alerts.js';
import type { FeatureParams } from '../gold/params.js';
import type { LakeSession } from '../sql/duckdb.js';
import { loadDataset, type AssetGroup, type Dataset, type RowsKept } from './dataset.js';
import type { FeatureEncoding } from './encoding.js';
import { trainForest, type Forest, type ForestParams } from './forest/index.js';
import type { ValidationSplit } from './train-ranges.js';

/** What the steps of a training share: the options as settled, and how gold rows are read and fitted. */

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

/** The options with their defaults: what the model records. */
export type Settled = Required<Omit<TrainOptions, 'labelCutoff' | 'onTreeDone'>> & TrainOptions;

export interface Context {
  session: LakeSession;
  classes: string[];
  encoding: FeatureEncoding;
  params: FeatureParams;
  options: Settled;
}

/** Rows of gold [from, to) (of a group of assets), labels decided by the data up to `cutoff`. */
export interface Part {
  from: Date;
  to: Date;
  cutoff: Date;
  assets?: AssetGroup;
}

/** A part's rows, so that no failure after its cutoff reaches a label. */
export function rowsOf(ctx: Context, part: Part, keep: RowsKept): Promise<Dataset> {
  const { from, to, cutoff, assets } = part;
  return loadDataset(ctx.session, { encoding: ctx.encoding, classes: ctx.classes, from, to, horizonSeconds: ctx.params.horizon.seconds, labelCutoff: cutoff, keep, ...(assets ? { assets } : {}) });
}

export function fit(ctx: Context, data: Dataset): Promise<Forest> {
  const { forest, onTreeDone } = ctx.options;
  return trainForest({ features: data.features, labels: data.labels, classCount: ctx.classes.length }, forest, onTreeDone);
}

export const span = (from: Date, to: Date): string => `[${from.toISOString().slice(0, 10)}, ${to.toISOString().slice(0, 10)})`;
