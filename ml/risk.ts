import type { Fleet } from '../fleet/fleet.js';
import { type LakeSession, type Row } from '../sql/duckdb.js';
import { identifier } from '../sql/text.js';
import { SqlValues } from '../sql/values.js';
import { declareResultTables, probabilityColumn } from './results.js';

/**
 * The assets most at risk at their latest scored time: risk = 1 - p_none, with the likeliest
 * failure class (ties: the class listed first in the fleet definition).
 */
export async function mostAtRisk(session: LakeSession, fleet: Fleet, limit: number): Promise<Row[]> {
  await declareResultTables(session, fleet);
  const values = new SqlValues('k');
  const entries = fleet.classes.map((label, rank) => `{'label': ${values.bind(label)}, 'p': ${identifier(probabilityColumn(label))}, 'rank': ${rank}}`);
  return session.queryFile('ml', 'top_risk.sql', { ...values.params, limit }, { class_probabilities: entries.join(', ') });
}
