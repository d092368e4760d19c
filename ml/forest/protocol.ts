import type { Forest } from './model.js';
import type { TreeArrays, TreeSettings } from './tree.js';

/** workerData of a tree-building worker. */
export interface WorkerInit {
  mode: 'train';
  rows: number;
  featureCount: number;
  classCount: number;
  binned: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  valueBins: Int32Array;
  edges: Float64Array;
  settings: TreeSettings;
}

/** workerData of a prediction worker: the model and its own slice of rows. */
export interface PredictInit {
  mode: 'predict';
  forest: Forest;
  features: Float64Array[];
}

export type WorkerRequest = { type: 'tree'; tree: number } | { type: 'exit' };

export type WorkerReply =
  | { type: 'tree'; tree: number; arrays: TreeArrays }
  | { type: 'error'; tree: number; message: string };

export type PredictReply = { type: 'proba'; proba: Float64Array } | { type: 'error'; message: string };
