import type { Fleet } from '../fleet/fleet.js';
import type { LakeSession } from '../sql/duckdb.js';
import { timestampText } from '../sql/text.js';
import { findModel, type ModelRef } from './registry.js';
import { declareResultTables } from './results.js';

export interface AssetInAlert {
  asset: string;
  scoredAt: Date;
  since: Date;
  diagnosis: string;
  risk: number;
  riskDayBefore: number | null;
  riskWeekBefore: number | null;
  model: string;
}

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** The planner's view (docs/decisions.md): by a model's results, assets in alert as of their latest scored time before `before`. */
export async function assetsInAlert(session: LakeSession, fleet: Fleet, ref: ModelRef, before: Date | undefined): Promise<AssetInAlert[]> {
  await declareResultTables(session, fleet);
  const model = await findModel(session, ref);
  const rows = await session.queryFile('ml', 'alerts_now.sql', {
    model_name: model.name,
    model_version: model.version,
    before: before === undefined ? null : timestampText(before),
  });
  return rows.map((r) => ({
    asset: String(r.machine_id),
    scoredAt: r.scored_at as Date,
    since: r.since as Date,
    diagnosis: String(r.diagnosis),
    risk: Number(r.risk),
    riskDayBefore: numberOrNull(r.risk_day_before),
    riskWeekBefore: numberOrNull(r.risk_week_before),
    model: String(r.model),
  }));
}
