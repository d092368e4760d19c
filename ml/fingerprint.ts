import { createHash } from 'node:crypto';
import type { FeatureParams } from '../gold/params.js';
import type { LakeSession } from '../sql/duckdb.js';
import { partitionOf, partitionOverlaps, WHOLE_TABLE } from '../sql/partitions.js';

/**
 * Which gold data a model saw: gold partition files are immutable and named by the build that
 * wrote them, so the files covering [from, to) together with the feature parameters identify it.
 */
export function goldFingerprint(session: LakeSession, params: FeatureParams, from: Date, to: Date): string {
  const files = session.filesOf('gold_features').filter((file) => partitionOverlaps(partitionOf(file) ?? WHOLE_TABLE, from, to)).sort();
  return createHash('sha256').update(JSON.stringify({ params, from: from.toISOString(), to: to.toISOString(), files })).digest('hex');
}
