import type { LakeSession } from '../../sql/duckdb.js';
import { timestampText } from '../../sql/text.js';
import { newAlertsByDay } from './alert-episodes.js';
import { riskScale, type RiskScale } from './scale.js';
import { everyDay } from './times.js';

/** How far back the risk history looks, and how many assets the heat map shows. */
export const HISTORY_DAYS = 60;
export const HEATMAP_ASSETS = 30;

/** The span of the risk picture, over the shown model's results (report_results). */
export interface RiskWindow {
  /** The risk picture covers results with a time before this. */
  end: Date;
  /** The --as-of cut-off, if given: the end, and nothing after it is known. */
  cutOff: Date | null;
  newestScored: string | null;
}

export interface RiskHistory {
  days: string[];
  /** Assets in alert on a row of that day, and alert episodes that started on it. */
  inAlert: number[];
  newAlerts: number[];
  meanRisk: (number | null)[];
  /** The axis of the mean risk line. */
  meanScale: RiskScale;
  /** Cells as [day index, asset index, highest risk that day]: a third of the size as objects. */
  heatmap: { assets: string[]; cells: [number, number, number][]; scale: RiskScale };
}

/** The end of the risk picture: the cut-off, else the day after the newest result; none without results. */
export async function riskWindow(session: LakeSession, before: Date | undefined): Promise<RiskWindow | undefined> {
  const [row] = await session.queryFile('deliver', 'report/window.sql', { before: before === undefined ? null : timestampText(before) });
  if (!(row?.window_end instanceof Date)) return undefined;
  return { end: row.window_end, cutOff: before ?? null, newestScored: row.newest_scored === null ? null : String(row.newest_scored) };
}

/**
 * The fleet's daily risk and alerts over the window, and the heat map of the assets whose risk
 * peaked highest. Episodes are walked on the grid of the model's results.
 */
export async function riskHistory(session: LakeSession, window: RiskWindow, grid: { stepSeconds: number; horizonSeconds: number }): Promise<RiskHistory> {
  await session.runFile('deliver', 'report/daily_risk.sql', { window_end: timestampText(window.end), days: HISTORY_DAYS });
  const daily = await session.queryFile('deliver', 'report/fleet_daily.sql');
  const newAlerts = await newAlertsByDay(session, window.end, { stepMs: grid.stepSeconds * 1000, horizonMs: grid.horizonSeconds * 1000 });
  const first = daily[0];
  const last = daily.at(-1);
  const days = first && last ? everyDay(String(first.day), String(last.day)) : [];
  const byDay = new Map(daily.map((r) => [String(r.day), r]));
  const heatmap = await session.queryFile('deliver', 'report/heatmap.sql', { assets: HEATMAP_ASSETS });
  // the rows come by asset index, so first-seen order is index order
  const assets = [...new Set(heatmap.map((r) => String(r.asset)))];
  const cells = heatmap.map((r): [number, number, number] => [Number(r.day_index), Number(r.asset_index), Number(r.risk)]);
  const meanRisk = days.map((d) => (byDay.has(d) ? Number(byDay.get(d)?.mean_risk) : null));
  return {
    days,
    inAlert: days.map((d) => Number(byDay.get(d)?.in_alert ?? 0)),
    newAlerts: days.map((d) => newAlerts.get(d) ?? 0),
    meanRisk,
    meanScale: riskScale(meanRisk),
    heatmap: { assets, cells, scale: riskScale(cells.map((c) => c[2])) },
  };
}
