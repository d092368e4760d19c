import { Worker } from 'node:worker_threads';
import type { Forest } from './model.js';
import { checkColumns, packForest, predictClaimed, predictPackedRange, PREDICT_CHUNK_ROWS } from './predict.js';
import type { PredictInit, PredictReply } from './protocol.js';
import { giveBackShared, takeShared } from './shared.js';
import { workerScript } from './train.js';

/** Below this many row x tree walks, worker start-up costs more than it saves. */
const MIN_PARALLEL_WALKS = 2_000_000;

/**
 * predictProba split over `threads`. Rows go in chunks, each claimed by exactly one thread
 * (compare-and-swap on a per-chunk flag): the calling thread walks the chunks from the first,
 * the workers from the last, down to the first chunk of the share they were given a copy of
 * (threads - 1 of threads parts of the rows). A worker that starts late simply claims fewer
 * chunks. Every row is computed exactly as by predictProba, so results are bit-identical.
 */
export async function predictProbaParallel(forest: Forest, features: Float64Array[], threads: number, minWalks = MIN_PARALLEL_WALKS): Promise<Float64Array> {
  const rows = checkColumns(forest, features);
  const C = forest.classCount;
  const F = forest.featureCount;
  const packed = packForest(forest);
  const chunks = Math.ceil(rows / PREDICT_CHUNK_ROWS);
  const workerCount = Math.max(0, Math.min(Math.floor(threads), chunks) - 1);
  if (workerCount === 0 || rows * forest.treeCount < minWalks) {
    const out = new Float64Array(rows * C);
    predictPackedRange(packed, features, 0, rows, out);
    return out;
  }
  const firstChunk = Math.floor(chunks / (workerCount + 1));
  const base = firstChunk * PREDICT_CHUNK_ROWS;
  // [0]: 1 once the workers' copy of the rows is complete; then one claim flag per chunk.
  const control = new Int32Array(new SharedArrayBuffer((chunks + 1) * 4));
  const out = new Float64Array(takeShared(rows * C * 8)).fill(0);
  const shared = new Float64Array(takeShared((rows - base) * F * 8));
  const columns: Float64Array[] = [];
  for (let f = 0; f < F; f++) columns.push(shared.subarray(f * (rows - base), (f + 1) * (rows - base)));
  const init: PredictInit = { mode: 'predict', packed, features: columns, base, rows, firstChunk, out, control };
  const script = workerScript();
  const workers: Worker[] = [];
  const jobs: Promise<void>[] = [];
  for (let i = 0; i < workerCount; i++) {
    const w = new Worker(script, { workerData: init });
    workers.push(w);
    jobs.push(new Promise<void>((resolve, reject) => {
      w.once('message', (msg: PredictReply) => {
        if (msg.type === 'error') reject(new Error(`predictProba: worker failed: ${msg.message}`));
        else resolve();
      });
      w.once('error', reject);
      w.once('exit', (code) => {
        if (code !== 0) reject(new Error(`predictProba: worker exited with code ${code}`));
      });
    }));
  }
  try {
    // Workers start up meanwhile; they wait for this copy before reading rows.
    for (let f = 0; f < F; f++) columns[f]!.set(features[f]!.subarray(base));
    Atomics.store(control, 0, 1);
    Atomics.notify(control, 0);
    predictClaimed(packed, features, 0, rows, 0, chunks, 1, out, control);
    await Promise.all(jobs);
  } finally {
    for (const w of workers) void w.terminate();
  }
  const result = out.slice();
  // Every worker has replied: nothing reads or writes these any more.
  giveBackShared(out.buffer as SharedArrayBuffer);
  giveBackShared(shared.buffer as SharedArrayBuffer);
  return result;
}
