import type { DecisionRows } from '../../ml/decision/types.js';

/** The rows with start <= ts < end, still in (asset, ts) order, and their indices in `rows`. */
export function rowsBetween(rows: DecisionRows, start: number, end: number): { rows: DecisionRows; index: number[] } {
  const index: number[] = [];
  rows.ts.forEach((t, i) => {
    if (t >= start && t < end) index.push(i);
  });
  const pick = <T extends Float64Array | Int32Array>(from: T, make: (values: number[]) => T): T => make(index.map((i) => from[i] as number));
  return {
    rows: {
      asset: pick(rows.asset, (v) => Int32Array.from(v)),
      ts: pick(rows.ts, (v) => Float64Array.from(v)),
      risk: pick(rows.risk, (v) => Float64Array.from(v)),
      failureAt: pick(rows.failureAt, (v) => Float64Array.from(v)),
    },
    index,
  };
}
