import type { LakeSession } from '../sql/duckdb.js';
import { timestampText } from '../sql/text.js';
import { alertsAt, DAY_MS, priorFrom, type PriorAlerts } from './decision/alerts.js';
import { thresholdOf, type AlertRule } from './decision/rule.js';
import type { DecisionRows } from './decision/types.js';
import type { Grid } from './judge.js';

const assetCount = (asset: Int32Array): number => asset.reduce((m, a) => Math.max(m, a + 1), 0);

/**
 * The state a capacity rule continues from (docs/decisions.md): the episodes open before the run
 * and the new alerts its first day already had, read from the published results.
 */
async function publishedPrior(session: LakeSession, modelName: string, runAssets: number, span: { from: Date; to: Date }, grid: Grid): Promise<PriorAlerts> {
  const dayStart = new Date(Math.floor(span.from.getTime() / DAY_MS) * DAY_MS);
  const rows = await session.queryFile('ml', 'capacity_prior.sql', {
    model_name: modelName,
    from: timestampText(span.from),
    to: timestampText(span.to),
    day_start: timestampText(dayStart),
  });
  const asset = Int32Array.from(rows, (r) => Number(r.asset));
  const earlier: DecisionRows = {
    asset,
    ts: Float64Array.from(rows, (r) => Number(r.ts_ms)),
    risk: Float64Array.from(rows, (r) => Number(r.risk)),
    failureAt: new Float64Array(rows.length).fill(NaN),
  };
  const alerts = Uint8Array.from(rows, (r) => (r.alert === true ? 1 : 0));
  const assets = Math.max(runAssets, assetCount(asset));
  return priorFrom(earlier, alerts, grid.stepMs, grid.horizonMs, assets);
}

/**
 * The alert of each row a run scores under the model's rule; undefined for a model without one.
 * A capacity continues from the model name's own published alerts: a comparison run of another
 * model never spends or frees its budget.
 */
export async function runAlerts(
  session: LakeSession,
  model: { name: string; rule: AlertRule | undefined },
  rows: DecisionRows,
  span: { from: Date; to: Date },
  grid: Grid,
): Promise<Uint8Array | undefined> {
  const { rule } = model;
  if (rule === undefined) return undefined;
  if (rule.maxPerDay === null) return alertsAt(rows, thresholdOf(rule), grid.stepMs, grid.horizonMs);
  const prior = await publishedPrior(session, model.name, assetCount(rows.asset), span, grid);
  return alertsAt(rows, thresholdOf(rule), grid.stepMs, grid.horizonMs, { maxPerDay: rule.maxPerDay, prior });
}
