import type { Scoring } from './chunks.js';
import type { TreeArrays, TreeSettings } from './tree.js';

/** workerData of a tree-building worker. */
export interface WorkerInit {
  mode: 'train';
  rows: number;
  featureCount: number;
  classCount: number;
  binned: SharedArrayBuffer;
  /** Row-major copy of `binned`, written by the main thread once every column is binned. */
  rowMajor: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  /** Shared; filled by the 'bin' requests before any 'tree' request. */
  valueBins: Int32Array;
  /** Shared; filled by the 'bin' requests before any 'tree' request. */
  edges: Float64Array;
  settings: TreeSettings;
}

/**
 * workerData of a prediction worker: the packed model (and in-bag bits for out-of-bag scores), the
 * shared copy of the features (filled from chunk control[0] on), the output and the control words
 * (see scoreClaimedUp), all in shared memory. The worker claims chunks from the last downwards.
 */
export interface PredictInit {
  mode: 'predict';
  scoring: Scoring;
  features: Float64Array[];
  rows: number;
  out: Float64Array;
  control: Int32Array;
}

/** 'bin': compute the edges of one feature and bin its column into the shared matrix. */
export type WorkerRequest = { type: 'bin'; feature: number; column: Float64Array } | { type: 'tree'; tree: number } | { type: 'exit' };

export type WorkerReply =
  | { type: 'binned'; feature: number; column: Float64Array }
  | { type: 'tree'; tree: number; arrays: TreeArrays }
  | { type: 'error'; tree: number; message: string };

export type PredictReply = { type: 'done' } | { type: 'error'; message: string };
