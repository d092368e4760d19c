import type { Fleet } from '../fleet/fleet.js';
import { labelsOf } from '../gold/params.js';
import { type LakeSession, type Row } from '../sql/duckdb.js';
import { identifier, timestampText } from '../sql/text.js';
import { SqlValues } from '../sql/values.js';
import { declareResultTables, probabilityColumn } from './results.js';

/**
 * An asset's risk as SQL over a results row: the probability of any failure within the horizon,
 * 1 - p(no failure), the class `labelsOf` lists first.
 */
export function riskExpression(fleet: Fleet): string {
  const [noFailure] = labelsOf(fleet);
  if (noFailure === undefined) throw new Error('a fleet has at least the class of no failure');
  return `1 - ${identifier(probabilityColumn(noFailure))}`;
}

/**
 * The assets most at risk at their latest scored time (before `before`, if given), with the
 * likeliest failure class (ties: the class listed first in the fleet definition).
 */
export async function mostAtRisk(session: LakeSession, fleet: Fleet, limit: number, before?: Date): Promise<Row[]> {
  await declareResultTables(session, fleet);
  const values = new SqlValues('k');
  const entries = fleet.classes.map((label, rank) => `{'label': ${values.bind(label)}, 'p': ${identifier(probabilityColumn(label))}, 'rank': ${rank}}`);
  const params = { ...values.params, limit, before: before === undefined ? null : timestampText(before) };
  return session.queryFile('ml', 'top_risk.sql', params, { class_probabilities: entries.join(', '), risk: riskExpression(fleet) });
}
