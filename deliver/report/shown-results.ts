import type { Fleet } from '../../fleet/fleet.js';
import { riskExpression } from '../../ml/risk.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { HIGH_RISK } from './alerting.js';

/** A model version as the page names it: `pdm@3`. */
export const modelText = (model: { name: string; version: number }): string => `${model.name}@${model.version}`;

export interface OtherResults {
  model: string;
  predictions: number;
  newest: string;
}

/**
 * Makes report_results the results of this model version alone, newest run per key, with their
 * risk and whether each row is in alert (see alerting.ts), for the risk sections, and lists the
 * versions whose results they leave out.
 */
export async function showResultsOf(session: LakeSession, fleet: Fleet, model: { name: string; version: number }): Promise<OtherResults[]> {
  const params = { model_name: model.name, model_version: model.version, high: HIGH_RISK };
  await session.runFile('deliver', 'report/shown_results.sql', params, { risk: riskExpression(fleet) });
  const others = await session.queryFile('deliver', 'report/other_results.sql');
  return others.map((r) => ({ model: modelText({ name: String(r.model_name), version: Number(r.model_version) }), predictions: Number(r.predictions), newest: String(r.newest) }));
}
