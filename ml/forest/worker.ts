import { parentPort, workerData } from 'node:worker_threads';
import { predictRange } from './predict.js';
import type { PredictInit, PredictReply, WorkerInit, WorkerReply, WorkerRequest } from './protocol.js';
import { TreeBuilder, type TreeArrays } from './tree.js';

/**
 * Forest worker. 'train': binned data arrives once in shared memory, then tree indices one by
 * one. 'predict': scores its slice of rows once and replies.
 */
const port = parentPort;
if (port === null) throw new Error('lakescore forest worker: must run as a worker thread');
const init = workerData as WorkerInit | PredictInit;

if (init.mode === 'predict') {
  let reply: PredictReply;
  try {
    const rows = init.features.length === 0 ? 0 : init.features[0]!.length;
    const proba = new Float64Array(rows * init.forest.classCount);
    predictRange(init.forest, init.features, 0, rows, proba);
    reply = { type: 'proba', proba };
    port.postMessage(reply, [proba.buffer as ArrayBuffer]);
  } catch (e) {
    reply = { type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    port.postMessage(reply);
  }
} else {
  const builder = new TreeBuilder(
    {
      rows: init.rows,
      featureCount: init.featureCount,
      classCount: init.classCount,
      binned: new Uint8Array(init.binned),
      labels: new Uint8Array(init.labels),
      valueBins: init.valueBins,
      edges: init.edges,
    },
    init.settings,
  );
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type === 'exit') {
      port.close();
      return;
    }
    let reply: WorkerReply;
    try {
      const tree: TreeArrays = builder.build(msg.tree);
      reply = { type: 'tree', tree: msg.tree, arrays: tree };
      port.postMessage(reply, [
        tree.feature.buffer, tree.threshold.buffer, tree.left.buffer, tree.right.buffer,
        tree.missingLeft.buffer, tree.samples.buffer, tree.leafValues.buffer, tree.importance.buffer,
      ] as ArrayBuffer[]);
    } catch (e) {
      reply = { type: 'error', tree: msg.tree, message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      port.postMessage(reply);
    }
  });
}
