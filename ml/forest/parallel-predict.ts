import { Worker } from 'node:worker_threads';
import { NOTHING_COPIED, PREDICT_CHUNK_ROWS, scoreClaimedUp, scoreRange, type Scoring } from './chunks.js';
import type { Forest } from './model.js';
import { checkColumns, packForest } from './predict.js';
import type { PredictInit, PredictReply } from './protocol.js';
import { giveBackShared, takeShared } from './shared.js';
import { workerScript } from './train.js';

/** Below this many row x tree walks, worker start-up costs more than it saves. */
export const MIN_PARALLEL_WALKS = 2_000_000;

/**
 * predictProba split over `threads`. Rows go in chunks, each claimed by exactly one thread
 * (compare-and-swap on a per-chunk flag): the calling thread walks the chunks from the first,
 * the workers from the last, reading a shared copy of the rows: threads - 1 of threads parts of
 * the rows are copied up front, and the calling thread extends the copy downwards, a couple of
 * chunks at a time, when the workers get close to its end (see scoreClaimedUp). A worker that
 * starts late simply claims fewer chunks; a faster one claims more. Every row is computed exactly as by predictProba, so results are bit-identical.
 */
export async function predictProbaParallel(forest: Forest, features: Float64Array[], threads: number, minWalks = MIN_PARALLEL_WALKS): Promise<Float64Array> {
  const rows = checkColumns(forest, features);
  return scoreParallel({ packed: packForest(forest), inBag: null }, features, rows, threads, minWalks);
}

/** Rows scored as `scoring` says, over `threads` as predictProbaParallel does; rows x classCount, row-major. */
export async function scoreParallel(scoring: Scoring, features: Float64Array[], rows: number, threads: number, minWalks: number): Promise<Float64Array> {
  const { packed } = scoring;
  const C = packed.classCount;
  const F = packed.featureCount;
  const chunks = Math.ceil(rows / PREDICT_CHUNK_ROWS);
  const workerCount = Math.max(0, Math.min(Math.floor(threads), chunks) - 1);
  if (workerCount === 0 || rows * packed.treeCount < minWalks) {
    const out = new Float64Array(rows * C);
    scoreRange(scoring, features, 0, rows, out);
    return out;
  }
  // Chunks >= firstCopied are copied to shared memory before anyone starts; more on demand.
  const firstCopied = Math.floor(chunks / (workerCount + 1));
  // [0]: lowest chunk copied for the workers (NOTHING_COPIED at first); then one claim flag per chunk.
  const control = new Int32Array(new SharedArrayBuffer((chunks + 1) * 4));
  control[0] = NOTHING_COPIED;
  const out = new Float64Array(takeShared(rows * C * 8)).fill(0);
  const shared = new Float64Array(takeShared(rows * F * 8));
  const columns: Float64Array[] = [];
  for (let f = 0; f < F; f++) columns.push(shared.subarray(f * rows, (f + 1) * rows));
  const init: PredictInit = { mode: 'predict', scoring, features: columns, rows, out, control };
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
    // Workers start up meanwhile; they wait for the first copy before reading rows.
    scoreClaimedUp(scoring, features, columns, rows, firstCopied, out, control);
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
