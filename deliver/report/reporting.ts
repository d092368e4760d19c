import type { Fleet } from '../../fleet/fleet.js';
import { currentGoldParams } from '../../gold/tables.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { timestampText } from '../../sql/text.js';
import { minuteText, spanText } from './times.js';

/** An asset is silent once its newest reading is this many gold steps older than the fleet's. */
export const SILENT_STEPS = 3;
const LISTED = 30;

export interface NotReporting {
  asset: string;
  lastReading: string;
  silentFor: string;
  /** The failure at or after its last reading, if it had one: it failed and has not reported since. */
  failedAt: string | null;
  failure: string | null;
}

export interface Reporting {
  /** The gold step (`1d`) and the span after which an asset counts as silent. */
  step: string;
  stepSeconds: number;
  silentAfter: string;
  /** The fleet's newest reading (before the cut-off), which silence is counted from. */
  newestReading: string | null;
  /** How many assets do not report, how many of them because they failed, and the latest to stop. */
  count: number;
  failed: number;
  listed: NotReporting[];
}

/**
 * Which assets still report, from all of silver or as of a cut-off (report_assets, read by the
 * fleet-now queries): not those that failed and have not reported since, nor those silent for
 * SILENT_STEPS gold steps.
 */
export async function judgeReporting(session: LakeSession, fleet: Fleet, cutOff: Date | null): Promise<Reporting> {
  const { step } = await currentGoldParams(session, fleet);
  const [totals] = await session.queryFile('deliver', 'report/reporting.sql', {
    cut_off: cutOff === null ? null : timestampText(cutOff),
    step_seconds: step.seconds,
    silent_steps: SILENT_STEPS,
  });
  const listed = await session.queryFile('deliver', 'report/not_reporting.sql', { limit: LISTED });
  return {
    step: step.text,
    stepSeconds: step.seconds,
    silentAfter: spanText(SILENT_STEPS * step.seconds),
    newestReading: totals?.newest_reading === null || totals?.newest_reading === undefined ? null : String(totals.newest_reading),
    count: Number(totals?.not_reporting ?? 0),
    failed: Number(totals?.failed ?? 0),
    listed: listed.map((r) => ({
      asset: String(r.asset),
      lastReading: minuteText(r.last_reading),
      silentFor: spanText(Number(r.silent_seconds)),
      failedAt: r.failed_at === null ? null : minuteText(r.failed_at),
      failure: r.failure === null ? null : String(r.failure),
    })),
  };
}
