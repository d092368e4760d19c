import type { DriftThresholds } from './thresholds.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { DAY_MS } from '../decision/alerts.js';
import { driftOver, type VersionDrift } from './drift-over.js';
import { performanceOver, type PerformanceQuery, type PeriodPerformance } from './performance-over.js';
import type { Period } from './performance-rollup.js';
import { findModel, type ModelRef } from '../registry.js';

/** Realised performance and drift over a range of days: what `lakescore monitor` and the report show. */

export interface MonitorReport {
  from: Date;
  to: Date;
  period: Period;
  performance: PeriodPerformance[];
  drift: VersionDrift[];
}

/** Eight weeks: long enough for a weekly trend, short enough to read. */
const DEFAULT_MONITOR_DAYS = 56;

/** The range asked for, else the eight weeks up to the newest day monitored; undefined when nothing was. */
async function rangeOf(session: LakeSession, asked: { from?: Date; to?: Date }): Promise<{ from: Date; to: Date } | undefined> {
  let to = asked.to;
  if (!to) {
    const [row] = await session.queryFile('ml', 'monitor/monitored_extent.sql');
    if (!(row?.last_day instanceof Date)) return undefined;
    to = new Date(row.last_day.getTime() + DAY_MS);
  }
  return { from: asked.from ?? new Date(to.getTime() - DEFAULT_MONITOR_DAYS * DAY_MS), to };
}

/** A model name, a version, or an alias resolved to the version it names now. */
async function versionsOf(session: LakeSession, ref: ModelRef | undefined): Promise<PerformanceQuery['model']> {
  if (!ref || ref.alias === undefined) return ref && { name: ref.name, ...(ref.version === undefined ? {} : { version: ref.version }) };
  const found = await findModel(session, ref);
  return { name: found.name, version: found.version };
}

/** Performance and drift over the range asked, drift judged by `thresholds` (driftThresholdsFor the lake's fleet). */
export async function monitorRange(session: LakeSession, asked: { from?: Date; to?: Date; period: Period; model?: ModelRef }, thresholds: DriftThresholds): Promise<MonitorReport | undefined> {
  const range = await rangeOf(session, asked);
  if (!range) return undefined;
  const model = await versionsOf(session, asked.model);
  const query: PerformanceQuery = { period: asked.period, ...range, ...(model ? { model } : {}) };
  return { ...range, period: asked.period, performance: await performanceOver(session, query), drift: await driftOver(session, query, thresholds) };
}
