import type { DecisionRows } from '../ml/decision/types.js';
import { Rng } from '../ml/forest/rng.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface FleetShape {
  seed: number;
  assets: number;
  /** Grid points spanned by the fleet; each asset starts and ends somewhere inside. */
  steps: number;
  stepMs: number;
  horizonMs: number;
  /** Chance of a failure in any step of an asset. */
  failureRate: number;
  /** Chance that a grid point has no row (a gap in the data). */
  gapRate?: number;
  /** Risks rounded to multiples of 1/levels, so that few distinct scores exist. */
  levels?: number;
}

/** 2024-01-01 UTC, a multiple of any step up to a day. */
const START = Date.UTC(2024, 0, 1);

/**
 * Rows of a generated fleet in (asset, ts) order: failures at random times, each labelling the
 * rows within a horizon before it, risks higher close to a failure than elsewhere.
 */
export function generatedFleet(shape: FleetShape): DecisionRows {
  const rng = new Rng(shape.seed, 1);
  const asset: number[] = [];
  const ts: number[] = [];
  const risk: number[] = [];
  const failureAt: number[] = [];
  for (let a = 0; a < shape.assets; a++) {
    const first = rng.nextInt(Math.max(1, Math.floor(shape.steps / 5)));
    const last = shape.steps - rng.nextInt(Math.max(1, Math.floor(shape.steps / 5)));
    const failures: number[] = [];
    for (let k = first; k < last + shape.horizonMs / shape.stepMs; k++) {
      if (rng.nextFloat() < shape.failureRate) failures.push(START + (k + (rng.nextFloat() < 0.2 ? 0 : rng.nextFloat())) * shape.stepMs);
    }
    for (let k = first; k < last; k++) {
      if (rng.nextFloat() < (shape.gapRate ?? 0)) continue;
      const t = START + k * shape.stepMs;
      const next = failures.find((f) => f > t && f <= t + shape.horizonMs);
      const closeness = next === undefined ? 0 : 1 - (next - t) / shape.horizonMs;
      const r = Math.min(1, 0.45 * rng.nextFloat() + 0.5 * closeness * rng.nextFloat() + (rng.nextFloat() < 0.02 ? 0.4 : 0));
      asset.push(a);
      ts.push(t);
      risk.push(shape.levels ? Math.round(r * shape.levels) / shape.levels : r);
      failureAt.push(next ?? NaN);
    }
  }
  return { asset: Int32Array.from(asset), ts: Float64Array.from(ts), risk: Float64Array.from(risk), failureAt: Float64Array.from(failureAt) };
}
