import type { LakeSession, Row } from '../../sql/duckdb.js';
import { recentRuns } from '../runs.js';

const RECENT_RUNS = 40;
const RECENT_FAILURES = 10;

export interface Run {
  kind: string;
  id: number;
  status: string;
  started: string;
  /** None while a run is still going (or died without being marked). */
  seconds: number | null;
  rows: number | null;
  what: string;
}

export interface Failure {
  kind: string;
  id: number;
  at: string;
  what: string;
  error: string;
}

export interface Runs {
  /** Oldest first, as a chart reads left to right. */
  recent: Run[];
  failures: Failure[];
}

const minuteText = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 16).replace('T', ' ') : '');

function runOf(row: Row): Run {
  const started = row.started_at instanceof Date ? row.started_at : undefined;
  const finished = row.finished_at instanceof Date ? row.finished_at : undefined;
  return {
    kind: String(row.kind),
    id: Number(row.id),
    status: String(row.status),
    started: minuteText(started),
    seconds: started && finished ? (finished.getTime() - started.getTime()) / 1000 : null,
    rows: row.rows === null || row.rows === undefined ? null : Number(row.rows),
    what: String(row.what ?? ''),
  };
}

/**
 * The durations and outcomes of the newest builds, trainings, scoring runs and exports (loads are
 * data health's), and the newest failures of any kind, from the same overview as `lakescore runs`.
 */
export async function runsOverview(session: LakeSession): Promise<Runs> {
  const runs = await recentRuns(session, { limit: RECENT_RUNS, loads: false });
  const failures = await recentRuns(session, { limit: RECENT_FAILURES, failuresOnly: true });
  return {
    recent: runs.reverse().map(runOf),
    failures: failures.map((r) => ({ kind: String(r.kind), id: Number(r.id), at: minuteText(r.started_at), what: String(r.what ?? ''), error: String(r.error ?? '') })),
  };
}
