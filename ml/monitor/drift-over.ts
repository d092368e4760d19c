import { z } from 'zod';
import type { LakeSession } from '../../sql/duckdb.js';
import { timestampText } from '../../sql/text.js';
import { readModelMeta } from '../model-file.js';
import { findModel } from '../registry.js';
import { storedDrift } from './drift-table.js';
import { driftOverPeriods, type PeriodDrift } from './drift-periods.js';
import type { PerformanceQuery } from './performance-over.js';
import type { DriftThresholds } from './thresholds.js';

/** Drift of each model version over a range of days, per period, for `lakescore monitor` and the report. */

export interface VersionDrift {
  name: string;
  version: number;
  /** Every group and feature in every period with scored rows, oldest period first. */
  periods: PeriodDrift[];
}

const versionRow = z.object({ model_name: z.string(), model_version: z.number().int() });

/** The profile a version's drift is measured from; undefined for a model trained before profiles. */
async function profileOf(session: LakeSession, version: { name: string; version: number }) {
  const found = await findModel(session, version);
  return readModelMeta(session.path(found.artifact)).profile;
}

export async function driftOver(session: LakeSession, query: PerformanceQuery, thresholds: DriftThresholds): Promise<VersionDrift[]> {
  const range = { from: timestampText(query.from), to: timestampText(query.to) };
  const rows = await session.queryFile('ml', 'monitor/drift_versions.sql', { ...range, model_name: query.model?.name ?? null, model_version: query.model?.version ?? null });
  const out: VersionDrift[] = [];
  for (const raw of rows) {
    const row = versionRow.parse(raw);
    const version = { name: row.model_name, version: row.model_version };
    const profile = await profileOf(session, version);
    if (!profile) continue;
    out.push({ ...version, periods: driftOverPeriods(profile, await storedDrift(session, version, query.from, query.to), query.period, thresholds) });
  }
  return out;
}
