import type { LakeSession } from '../../sql/duckdb.js';
import { timestampText } from '../../sql/text.js';
import type { ModelSummary } from './model.js';
import type { RiskWindow } from './risk.js';
import { minuteText, spanText } from './times.js';

/** How far back before the window's end the failures are judged, and how many are listed. */
export const LEAD_WEEKS = 8;
const LISTED = 50;
const WEEK_MS = 7 * 86_400_000;

export type Outcome = 'alerted' | 'missed' | 'not scored';

export interface FailureLead {
  asset: string;
  failedAt: string;
  failure: string;
  /** `not scored`: no result of the model for the asset within the horizon before the failure. */
  outcome: Outcome;
  /** The failure's time minus the first row in alert within the horizon before it. */
  ahead: string | null;
}

export interface LeadTimes {
  from: string;
  horizon: string;
  failures: number;
  scored: number;
  alerted: number;
  /** Median and 10th percentile of how far ahead the alerted failures were alerted; null without any. */
  aheadMedian: string | null;
  aheadP10: string | null;
  /** The newest failures, newest first. */
  listed: FailureLead[];
}

const spanOrNull = (seconds: unknown): string | null => (seconds === null || seconds === undefined ? null : spanText(Number(seconds)));

function outcomeOf(scoredRows: number, firstAlert: unknown): Outcome {
  if (firstAlert !== null) return 'alerted';
  return scoredRows > 0 ? 'missed' : 'not scored';
}

/**
 * The failures of the last LEAD_WEEKS weeks before the window's end, of every asset, reporting or
 * not: whether the shown model had an asset in alert within the horizon before its failure, and
 * how far ahead. The failures known by the cut-off are those the reporting rule counts (a failure
 * flag dates a failure a gold step after its reading).
 */
export async function leadTimes(session: LakeSession, window: RiskWindow, model: Pick<ModelSummary, 'horizon' | 'grid'>, goldStepSeconds: number): Promise<LeadTimes> {
  const from = new Date(window.end.getTime() - LEAD_WEEKS * WEEK_MS);
  const [totals] = await session.queryFile('deliver', 'report/lead_times.sql', {
    from: timestampText(from),
    cut_off: window.cutOff === null ? null : timestampText(window.cutOff),
    step_seconds: goldStepSeconds,
    horizon_seconds: model.grid.horizonSeconds,
    window_end: timestampText(window.end),
  });
  const rows = await session.queryFile('deliver', 'report/failures_listed.sql', { limit: LISTED });
  return {
    from: minuteText(from),
    horizon: model.horizon,
    failures: Number(totals?.failures ?? 0),
    scored: Number(totals?.scored ?? 0),
    alerted: Number(totals?.alerted ?? 0),
    aheadMedian: spanOrNull(totals?.median_seconds),
    aheadP10: spanOrNull(totals?.p10_seconds),
    listed: rows.map((r) => ({
      asset: String(r.asset),
      failedAt: minuteText(r.failed_at),
      failure: String(r.failure),
      outcome: outcomeOf(Number(r.scored_rows), r.first_alert),
      ahead: spanOrNull(r.ahead_seconds),
    })),
  };
}
