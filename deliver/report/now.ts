import type { Fleet } from '../../fleet/fleet.js';
import { probabilityColumn } from '../../ml/results.js';
import { riskExpression } from '../../ml/risk.js';
import type { LakeSession, Row } from '../../sql/duckdb.js';
import { identifier, timestampText } from '../../sql/text.js';
import { listParam } from '../../sql/values.js';
import { judgeReporting, type Reporting } from './reporting.js';
import { HIGH_RISK, type RiskWindow } from './risk.js';
import { riskScale, type RiskScale } from './scale.js';
import { minuteText } from './times.js';

/** How far back each listed asset's trend line looks. */
export const TREND_DAYS = 28;

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
  /** Reporting assets with a prediction, and those of them at high risk. */
  assets: number;
  high: number;
  /** High-risk assets counted by their likeliest failure, most first. */
  highByFailure: [string, number][];
  riskiest: AtRiskAsset[];
  /** The axes of the list's risk bars and of its trend lines, each one for all so that they compare. */
  scale: RiskScale;
  trendScale: RiskScale;
  reporting: Reporting;
}

/** The likeliest failure class of a results row; on a tie, the class the definition lists first. */
function likeliest(fleet: Fleet, row: Row): { failure: string; probability: number } {
  let best = { failure: fleet.classes[0] ?? '', probability: -1 };
  for (const failure of fleet.classes) {
    const probability = Number(row[probabilityColumn(failure)]);
    if (probability > best.probability) best = { failure, probability };
  }
  return best;
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

const countByFailure = (failures: string[]): [string, number][] => {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f, (counts.get(f) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};

/**
 * The reporting assets' risk at their latest scored time before the window's end (the shown
 * model's results, report_results), the riskiest `limit` with their trend, and the assets that
 * do not report.
 */
export async function fleetNow(session: LakeSession, fleet: Fleet, window: RiskWindow, limit: number): Promise<FleetNow> {
  const reporting = await judgeReporting(session, fleet, window.cutOff);
  const probabilities = fleet.classes.map((c) => identifier(probabilityColumn(c))).join(', ');
  const [counted] = await session.queryFile('deliver', 'report/latest.sql', { window_end: timestampText(window.end) }, { risk: riskExpression(fleet), probabilities });
  const rows = (await session.queryFile('deliver', 'report/at_risk.sql', { high: HIGH_RISK, limit })).map((r) => ({ row: r, ...likeliest(fleet, r) }));
  const high = rows.filter((r) => Number(r.row.risk) >= HIGH_RISK);
  const top = rows.slice(0, limit);
  const trendOf = await trends(session, fleet, window, top.map((r) => String(r.row.asset)));
  const riskiest = top.map(({ row, failure, probability }) => ({
    asset: String(row.asset),
    scoredAt: minuteText(row.ts),
    risk: Number(row.risk),
    failure,
    failureProbability: probability,
    trend: trendOf.get(String(row.asset)) ?? { days: [], risk: [] },
  }));
  return {
    assets: Number(counted?.assets ?? 0),
    high: high.length,
    highByFailure: countByFailure(high.map((r) => r.failure)),
    riskiest,
    scale: riskScale(riskiest.map((a) => a.risk)),
    trendScale: riskScale(riskiest.flatMap((a) => a.trend.risk)),
    reporting,
  };
}
