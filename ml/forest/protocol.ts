import type { TreeArrays, TreeSettings } from './tree.js';

/** workerData of a tree-building worker. */
export interface WorkerInit {
  rows: number;
  featureCount: number;
  classCount: number;
  binned: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  valueBins: Int32Array;
  edges: Float64Array;
  settings: TreeSettings;
}

export type WorkerRequest = { type: 'tree'; tree: number } | { type: 'exit' };

export type WorkerReply =
  | { type: 'tree'; tree: number; arrays: TreeArrays }
  | { type: 'error'; tree: number; message: string };
