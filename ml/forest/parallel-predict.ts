import { Worker } from 'node:worker_threads';
import type { Forest } from './model.js';
import { checkColumns, predictRange } from './predict.js';
import type { PredictInit, PredictReply } from './protocol.js';
import { workerScript } from './train.js';

/** Below this many row x tree walks, worker start-up costs more than it saves. */
const MIN_PARALLEL_WALKS = 2_000_000;

/**
 * predictProba split over `threads` (the calling thread scores the first slice, workers the
 * others). Every row is computed exactly as by predictProba, so results are bit-identical.
 */
export async function predictProbaParallel(forest: Forest, features: Float64Array[], threads: number, minWalks = MIN_PARALLEL_WALKS): Promise<Float64Array> {
  const rows = checkColumns(forest, features);
  const C = forest.classCount;
  const out = new Float64Array(rows * C);
  const parts = Math.max(1, Math.min(Math.floor(threads), Math.ceil(rows / 1024)));
  if (parts <= 1 || rows * forest.treeCount < minWalks) {
    predictRange(forest, features, 0, rows, out);
    return out;
  }
  const bounds: number[] = [];
  for (let p = 0; p <= parts; p++) bounds.push(Math.round((p * rows) / parts));
  const script = workerScript();
  const jobs: Promise<void>[] = [];
  const workers: Worker[] = [];
  for (let p = 1; p < parts; p++) {
    const from = bounds[p]!;
    const to = bounds[p + 1]!;
    const init: PredictInit = { mode: 'predict', forest, features: features.map((c) => c.slice(from, to)) };
    const w = new Worker(script, { workerData: init });
    workers.push(w);
    jobs.push(new Promise<void>((resolve, reject) => {
      w.once('message', (msg: PredictReply) => {
        if (msg.type === 'error') reject(new Error(`predictProba: worker failed: ${msg.message}`));
        else {
          out.set(msg.proba, from * C);
          resolve();
        }
      });
      w.once('error', reject);
      w.once('exit', (code) => {
        if (code !== 0) reject(new Error(`predictProba: worker exited with code ${code}`));
      });
    }));
  }
  try {
    const first = out.subarray(0, bounds[1]! * C);
    predictRange(forest, features, 0, bounds[1]!, first);
    await Promise.all(jobs);
  } finally {
    for (const w of workers) void w.terminate();
  }
  return out;
}
