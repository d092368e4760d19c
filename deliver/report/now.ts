import type { Fleet } from '../../fleet/fleet.js';
import { probabilityColumn } from '../../ml/results.js';
import type { LakeSession, Row } from '../../sql/duckdb.js';
import { identifier, timestampText } from '../../sql/text.js';
import { listParam } from '../../sql/values.js';
import { judgeReporting, type Reporting } from './reporting.js';
import type { RiskWindow } from './risk.js';
import { riskScale, type RiskScale } from './scale.js';
import { minuteText } from './times.js';

/** How far back each listed asset's trend line looks. */
export const TREND_DAYS = 28;
/** The most assets in alert the list names; the count covers them all. */
export const IN_ALERT_LISTED = 50;

export interface Trend {
  days: string[];
  risk: number[];
}

export interface ListedAsset {
  asset: string;
  scoredAt: string;
  risk: number;
  inAlert: boolean;
  /** When in alert: its first row after its last row not in alert. */
  since: string | null;
  diagnosis: string;
  diagnosisProbability: number;
  trend: Trend;
}

export interface FleetNow {
  /** Reporting assets with a prediction, and those of them in alert (see alerting.ts). */
  assets: number;
  inAlert: number;
  /** Assets in alert counted by their diagnosis, most first. */
  inAlertByDiagnosis: [string, number][];
  /** The assets in alert (at most IN_ALERT_LISTED, riskiest first), then the riskiest others up to the limit. */
  listed: ListedAsset[];
  /** The axes of the list's risk bars and of its trend lines, each one for all so that they compare. */
  scale: RiskScale;
  trendScale: RiskScale;
  reporting: Reporting;
}

/**
 * A results row's diagnosis with its probability: the one scoring stored, else (rows written
 * before results carried it) the likeliest failure class, on a tie the class the definition lists first.
 */
function diagnosisOf(fleet: Fleet, row: Row): { diagnosis: string; probability: number } {
  const stored = row.diagnosis;
  if (typeof stored === 'string') return { diagnosis: stored, probability: Number(row[probabilityColumn(stored)] ?? Number.NaN) };
  let best = { diagnosis: fleet.classes[0] ?? '', probability: -1 };
  for (const diagnosis of fleet.classes) {
    const probability = Number(row[probabilityColumn(diagnosis)]);
    if (probability > best.probability) best = { diagnosis, probability };
  }
  return best;
}

async function trends(session: LakeSession, window: RiskWindow, assets: string[]): Promise<Map<string, Trend>> {
  // an empty list has no element type for the engine to bind
  if (assets.length === 0) return new Map();
  const rows = await session.queryFile('deliver', 'report/trends.sql', { assets: listParam(assets), window_end: timestampText(window.end), days: TREND_DAYS });
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

const countByDiagnosis = (diagnoses: string[]): [string, number][] => {
  const counts = new Map<string, number>();
  for (const d of diagnoses) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};

/** The assets in alert, at most IN_ALERT_LISTED of them, then the riskiest others up to `limit` in all. */
function listedOf<T extends { row: Row }>(rows: T[], limit: number): T[] {
  const inAlert = rows.filter((r) => r.row.in_alert === true);
  const others = rows.filter((r) => r.row.in_alert !== true);
  const shown = inAlert.slice(0, IN_ALERT_LISTED);
  return [...shown, ...others.slice(0, Math.max(0, limit - shown.length))];
}

/**
 * The reporting assets at their latest scored time before the window's end (the shown model's
 * results, report_results): those in alert and the riskiest, with their trend, and the assets
 * that do not report.
 */
export async function fleetNow(session: LakeSession, fleet: Fleet, window: RiskWindow, limit: number): Promise<FleetNow> {
  const reporting = await judgeReporting(session, fleet, window.cutOff);
  const probabilities = fleet.classes.map((c) => identifier(probabilityColumn(c))).join(', ');
  const [counted] = await session.queryFile('deliver', 'report/latest.sql', { window_end: timestampText(window.end) }, { probabilities });
  const rows = (await session.queryFile('deliver', 'report/at_risk.sql', { limit })).map((r) => ({ row: r, ...diagnosisOf(fleet, r) }));
  const inAlert = rows.filter((r) => r.row.in_alert === true);
  const shown = listedOf(rows, limit);
  const trendOf = await trends(session, window, shown.map((r) => String(r.row.asset)));
  const listed = shown.map(({ row, diagnosis, probability }) => ({
    asset: String(row.asset),
    scoredAt: minuteText(row.ts),
    risk: Number(row.risk),
    inAlert: row.in_alert === true,
    since: row.since === null ? null : minuteText(row.since),
    diagnosis,
    diagnosisProbability: probability,
    trend: trendOf.get(String(row.asset)) ?? { days: [], risk: [] },
  }));
  return {
    assets: Number(counted?.assets ?? 0),
    inAlert: inAlert.length,
    inAlertByDiagnosis: countByDiagnosis(inAlert.map((r) => r.diagnosis)),
    listed,
    scale: riskScale(listed.map((a) => a.risk)),
    trendScale: riskScale(listed.flatMap((a) => a.trend.risk)),
    reporting,
  };
}
