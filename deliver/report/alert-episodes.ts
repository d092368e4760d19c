import { episodeStarts, utcDay } from '../../ml/decision/alerts.js';
import type { DecisionRows } from '../../ml/decision/types.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { timestampText } from '../../sql/text.js';

/** A row in alert, with the asset's row before it (none: NaN) and whether that one was in alert. */
export interface AlertRow {
  asset: number;
  ts: number;
  beforeTs: number;
  beforeInAlert: boolean;
}

/**
 * The start times of the alert episodes, by scoring's own walk (episodeStarts). It needs each
 * row in alert and the row before it: a row in alert after one not in alert, or after a gap
 * longer than a step, starts an episode, and one continues it for at most a horizon. So the rows
 * not in alert are left out but the one before each run of alerts, which the walk reads as such.
 * `rows` are in (asset, ts) order.
 */
export function episodeStartTimes(rows: AlertRow[], grid: { stepMs: number; horizonMs: number }): number[] {
  const asset: number[] = [];
  const ts: number[] = [];
  const alert: number[] = [];
  for (const row of rows) {
    if (!Number.isNaN(row.beforeTs) && !row.beforeInAlert) {
      asset.push(row.asset);
      ts.push(row.beforeTs);
      alert.push(0);
    }
    asset.push(row.asset);
    ts.push(row.ts);
    alert.push(1);
  }
  const walked: DecisionRows = { asset: Int32Array.from(asset), ts: Float64Array.from(ts), risk: new Float64Array(ts.length), failureAt: new Float64Array(ts.length).fill(NaN) };
  const starts = episodeStarts(walked, Uint8Array.from(alert), grid.stepMs, grid.horizonMs);
  return ts.filter((_, i) => starts[i] === 1);
}

/** New alert episodes per UTC day (YYYY-MM-DD) of the shown results before the window's end. */
export async function newAlertsByDay(session: LakeSession, windowEnd: Date, grid: { stepMs: number; horizonMs: number }): Promise<Map<string, number>> {
  const rows = await session.queryFile('deliver', 'report/alert_rows.sql', { window_end: timestampText(windowEnd) });
  const alertRows = rows.map((r) => ({
    asset: Number(r.asset),
    ts: Number(r.ts_ms),
    beforeTs: r.before_ms === null ? Number.NaN : Number(r.before_ms),
    beforeInAlert: r.before_in_alert === true,
  }));
  const byDay = new Map<string, number>();
  for (const start of episodeStartTimes(alertRows, grid)) {
    const day = new Date(utcDay(start) * 86_400_000).toISOString().slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
  }
  return byDay;
}
