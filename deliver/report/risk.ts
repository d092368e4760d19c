import type { Fleet } from '../../fleet/fleet.js';
import { mostAtRisk, riskExpression } from '../../ml/risk.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { timestampText } from '../../sql/text.js';
import { listParam } from '../../sql/values.js';

/** A risk at or above this is "high": the asset is more likely than not to fail within the horizon. */
export const HIGH_RISK = 0.5;
/** How far back the table's trend lines and the heat map look, and how many assets the heat map shows. */
export const TREND_DAYS = 28;
export const HISTORY_DAYS = 60;
export const HEATMAP_ASSETS = 30;
/** Enough for any fleet lakescore is meant for: the counts cover every asset, the table only the first. */
const EVERY_ASSET = 1_000_000;

export interface RiskWindow {
  /** The risk picture covers results with a time before this. */
  end: Date;
  newestScored: string | null;
}

export interface Trend {
  days: string[];
  risk: number[];
}

export interface AtRiskAsset {
  asset: string;
  scoredAt: string;
  risk: number;
  failure: string;
  failureProbability: number;
  trend: Trend;
}

export interface FleetNow {
  assets: number;
  high: number;
  /** High-risk assets counted by their likeliest failure, most first. */
  highByFailure: [string, number][];
  riskiest: AtRiskAsset[];
}

export interface RiskHistory {
  days: string[];
  high: number[];
  meanRisk: (number | null)[];
  /** Cells as [day index, asset index, highest risk that day]: a third of the size as objects. */
  heatmap: { assets: string[]; cells: [number, number, number][] };
}

const minuteText = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 16).replace('T', ' ') : String(value));

/** Every day from `first` to `last` (YYYY-MM-DD), so that days without results show as gaps. */
function everyDay(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The end of the risk picture: the cut-off, else the day after the newest result; none without results. */
export async function riskWindow(session: LakeSession, before: Date | undefined): Promise<RiskWindow | undefined> {
  const [row] = await session.queryFile('deliver', 'report/window.sql', { before: before === undefined ? null : timestampText(before) });
  if (!(row?.window_end instanceof Date)) return undefined;
  return { end: row.window_end, newestScored: row.newest_scored === null ? null : String(row.newest_scored) };
}

async function trends(session: LakeSession, fleet: Fleet, window: RiskWindow, assets: string[]): Promise<Map<string, Trend>> {
  // an empty list has no element type for the engine to bind
  if (assets.length === 0) return new Map();
  const rows = await session.queryFile('deliver', 'report/trends.sql', { assets: listParam(assets), window_end: timestampText(window.end), days: TREND_DAYS }, { risk: riskExpression(fleet) });
  const byAsset = new Map<string, Trend>();
  for (const row of rows) {
    const asset = String(row.asset);
    const trend = byAsset.get(asset) ?? { days: [], risk: [] };
    trend.days.push(String(row.day));
    trend.risk.push(Number(row.risk));
    byAsset.set(asset, trend);
  }
  return byAsset;
}

/** Every asset's risk at its latest scored time before the window's end; the riskiest with their trend. */
export async function fleetNow(session: LakeSession, fleet: Fleet, window: RiskWindow, limit: number): Promise<FleetNow> {
  const latest = await mostAtRisk(session, fleet, EVERY_ASSET, window.end);
  const high = latest.filter((r) => Number(r.risk) >= HIGH_RISK);
  const byFailure = new Map<string, number>();
  for (const r of high) byFailure.set(String(r.component), (byFailure.get(String(r.component)) ?? 0) + 1);
  const top = latest.slice(0, limit);
  const trendOf = await trends(session, fleet, window, top.map((r) => String(r.machine_id)));
  return {
    assets: latest.length,
    high: high.length,
    highByFailure: [...byFailure].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    riskiest: top.map((r) => ({
      asset: String(r.machine_id),
      scoredAt: minuteText(r.ts),
      risk: Number(r.risk),
      failure: String(r.component),
      failureProbability: Number(r.component_probability),
      trend: trendOf.get(String(r.machine_id)) ?? { days: [], risk: [] },
    })),
  };
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
  return {
    days,
    high: days.map((d) => Number(byDay.get(d)?.high ?? 0)),
    meanRisk: days.map((d) => (byDay.has(d) ? Number(byDay.get(d)?.mean_risk) : null)),
    heatmap: { assets, cells: heatmap.map((r): [number, number, number] => [Number(r.day_index), Number(r.asset_index), Number(r.risk)]) },
  };
}
