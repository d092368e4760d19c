import { parentPort, workerData } from 'node:worker_threads';
import { TreeBuilder, type TreeArrays } from './tree.js';
import type { WorkerInit, WorkerRequest, WorkerReply } from './protocol.js';

/** Tree-building worker: binned data arrives once in shared memory, then tree indices one by one. */
const init = workerData as WorkerInit;
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
  { ...init.settings, classWeights: init.settings.classWeights },
);

const port = parentPort;
if (port === null) throw new Error('lakescore forest worker: must run as a worker thread');
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
