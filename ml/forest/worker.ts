import { parentPort, workerData } from 'node:worker_threads';
import { EDGE_STRIDE, binFeature, binSampleRows } from './binning.js';
import { scoreClaimedDown } from './chunks.js';
import type { PredictInit, PredictReply, WorkerInit, WorkerReply, WorkerRequest } from './protocol.js';
import { TreeBuilder, type TreeArrays } from './tree.js';

/**
 * Forest worker. 'train': binning requests (one column each, into shared memory), then tree
 * indices one by one. 'predict': claims chunks of shared rows (from the last, as they are copied) until none is left, then replies.
 */
const port = parentPort;
if (port === null) throw new Error('lakescore forest worker: must run as a worker thread');
const init = workerData as WorkerInit | PredictInit;

if (init.mode === 'predict') {
  let reply: PredictReply;
  try {
    scoreClaimedDown(init.scoring, init.features, init.rows, init.out, init.control);
    reply = { type: 'done' };
  } catch (e) {
    reply = { type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
} else {
  const binned = new Uint8Array(init.binned);
  let sample: Uint32Array | null | undefined;
  let padded: Float64Array | undefined;
  const builder = new TreeBuilder(
    {
      rows: init.rows,
      featureCount: init.featureCount,
      classCount: init.classCount,
      binned,
      rowMajor: new Uint8Array(init.rowMajor),
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
    if (msg.type === 'bin') {
      try {
        if (sample === undefined) sample = binSampleRows(init.rows, init.settings.seed);
        padded ??= new Float64Array(EDGE_STRIDE);
        binFeature(msg.feature, msg.column, sample, binned, init.valueBins, init.edges, padded);
        reply = { type: 'binned', feature: msg.feature, column: msg.column };
      } catch (e) {
        reply = { type: 'error', tree: -1, message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      }
      // The column buffer goes back to the main thread for the next column.
      port.postMessage(reply, reply.type === 'binned' ? [reply.column.buffer as ArrayBuffer] : []);
      return;
    }
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
