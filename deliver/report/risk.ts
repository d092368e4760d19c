import type { Fleet } from '../../fleet/fleet.js';
import { riskExpression } from '../../ml/risk.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { timestampText } from '../../sql/text.js';
import { riskScale, type RiskScale } from './scale.js';
import { everyDay } from './times.js';

/** A risk at or above this is "high": the asset is more likely than not to fail within the horizon. */
export const HIGH_RISK = 0.5;
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
  high: number[];
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

/** The fleet's daily risk over the window, and the heat map of the assets whose risk peaked highest. */
export async function riskHistory(session: LakeSession, fleet: Fleet, window: RiskWindow): Promise<RiskHistory> {
  await session.runFile('deliver', 'report/daily_risk.sql', { window_end: timestampText(window.end), days: HISTORY_DAYS }, { risk: riskExpression(fleet) });
  const daily = await session.queryFile('deliver', 'report/fleet_daily.sql', { high: HIGH_RISK });
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
    high: days.map((d) => Number(byDay.get(d)?.high ?? 0)),
    meanRisk,
    meanScale: riskScale(meanRisk),
    heatmap: { assets, cells, scale: riskScale(cells.map((c) => c[2])) },
  };
}
