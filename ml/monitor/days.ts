import { DAY_MS, utcDay } from '../decision/alerts.js';
import { allRows } from './bins.js';

/** The given rows (all of them by default) of each UTC day, in day order; `day` is the day's start in epoch ms. */
export function rowsByDay(ts: Float64Array, rows: ArrayLike<number> = allRows(ts.length)): { day: number; rows: Int32Array }[] {
  const days = new Map<number, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    const day = utcDay(ts[r] as number);
    const members = days.get(day);
    if (members) members.push(r);
    else days.set(day, [r]);
  }
  return [...days.entries()].sort(([a], [b]) => a - b).map(([day, members]) => ({ day: day * DAY_MS, rows: Int32Array.from(members) }));
}
