import type { VersionDrift } from '../../ml/monitor/drift-over.js';
import type { PeriodDrift } from '../../ml/monitor/drift-periods.js';
import { DEFAULT_DRIFT_THRESHOLDS, type DriftLevel } from '../../ml/monitor/thresholds.js';

/** Which features of a model version drift now, and since when (docs/report.md#monitoring). Pure. */

export interface DriftNowRow {
  feature: string;
  /** `model=model3` for one machine group's rows; null for the whole fleet. */
  group: string | null;
  kind: PeriodDrift['kind'];
  level: DriftLevel;
  /** Start of the week it is judged on now (YYYY-MM-DD): its newest judged week. */
  week: string;
  /** First day of the unbroken run of flagged weeks that ends with that week, clipped to the range. */
  since: string;
  /** The run reaches back to the range's first week, so it may have begun earlier. */
  sinceRangeStart: boolean;
  psi: number | null;
  rows: number;
  missingShare: number;
  referenceMissingShare: number;
}

export interface DriftNow {
  rows: DriftNowRow[];
  /** Features flagged now beyond those listed. */
  more: number;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const keyOf = (p: PeriodDrift): string => JSON.stringify([p.group?.column ?? null, p.group?.category ?? null, p.feature]);

/**
 * Whether a week says anything of the entry: a flag always does; a week within the thresholds
 * does only on enough rows, since with fewer PSI was not judged (and, for a group, nothing was).
 */
const judged = (p: PeriodDrift): boolean => p.level !== undefined || p.tally.rows >= DEFAULT_DRIFT_THRESHOLDS.minRows;

/** The entry's judged weeks, newest first: the newest decides whether it drifts now, the flagged ones before it since when. */
function rowOf(weeks: readonly PeriodDrift[], rangeFrom: number): DriftNowRow | undefined {
  const newestFirst = weeks.filter(judged).sort((a, b) => b.start - a.start);
  const now = newestFirst[0];
  if (now?.level === undefined) return undefined;
  const within = newestFirst.findIndex((p) => p.level === undefined);
  const run = within === -1 ? newestFirst : newestFirst.slice(0, within);
  const first = run[run.length - 1] ?? now;
  return {
    feature: now.feature,
    group: now.group === null ? null : `${now.group.column}=${now.group.category}`,
    kind: now.kind,
    level: now.level,
    week: day(Math.max(now.start, rangeFrom)),
    since: day(Math.max(first.start, rangeFrom)),
    sinceRangeStart: first.start <= rangeFrom,
    psi: now.drift.psi,
    rows: now.tally.rows,
    missingShare: now.drift.missingShare,
    referenceMissingShare: now.drift.referenceMissingShare,
  };
}

/** Drifted before moderate; then by PSI, a silent sensor's missing share (no PSI) after the PSIs; then by name. */
function mostDriftedFirst(a: DriftNowRow, b: DriftNowRow): number {
  const level = Number(b.level === 'drifted') - Number(a.level === 'drifted');
  if (level !== 0) return level;
  const psi = (b.psi ?? -Infinity) - (a.psi ?? -Infinity);
  if (psi !== 0 && !Number.isNaN(psi)) return psi;
  const rise = b.missingShare - b.referenceMissingShare - (a.missingShare - a.referenceMissingShare);
  if (rise !== 0) return rise;
  return `${a.group ?? ''} ${a.feature}`.localeCompare(`${b.group ?? ''} ${b.feature}`);
}

/** The version's features (fleet-wide and per group) flagged in their newest judged week, most drifted first, at most `limit`. */
export function driftNow(version: VersionDrift, rangeFrom: Date, limit: number): DriftNow {
  const byEntry = new Map<string, PeriodDrift[]>();
  for (const p of version.periods) {
    const same = byEntry.get(keyOf(p));
    if (same) same.push(p);
    else byEntry.set(keyOf(p), [p]);
  }
  const flagged = [...byEntry.values()].flatMap((weeks) => rowOf(weeks, rangeFrom.getTime()) ?? []).sort(mostDriftedFirst);
  return { rows: flagged.slice(0, limit), more: Math.max(0, flagged.length - limit) };
}
