import type { LakeSession, Row } from '../sql/duckdb.js';

/**
 * Recent loads, builds, trainings, scoring runs and exports with status, start, end and error,
 * newest first: what `lakescore runs` lists and the report charts. Every layer's tables must be
 * declared in the session.
 */
export function recentRuns(session: LakeSession, options: { limit: number; loads?: boolean; failuresOnly?: boolean }): Promise<Row[]> {
  return session.queryFile('deliver', 'runs.sql', { limit: options.limit, loads: options.loads ?? true, failures_only: options.failuresOnly ?? false });
}
