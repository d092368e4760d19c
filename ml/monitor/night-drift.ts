import type { LakeSession } from '../../sql/duckdb.js';
import { DAY_MS } from '../decision/alerts.js';
import { driftOfTallies, type FeatureDrift, type TallyEntry } from './drift.js';
import { storedDrift } from './drift-table.js';
import { sumTallies } from './drift-periods.js';
import type { FeatureProfile } from './profile.js';
import { withLevels, type DayDrift } from './scored-drift.js';
import { DEFAULT_DRIFT_THRESHOLDS, type DriftLevel, type DriftThresholds } from './thresholds.js';

/** How far back a night with few rows borrows earlier days' counts (docs/monitoring.md#nightly). */
const LOOKBACK_DAYS = 7;

export interface DriftFinding {
  group: TallyEntry['group'];
  feature: string;
  kind: TallyEntry['kind'];
  level: DriftLevel;
  drift: FeatureDrift;
}

/** What a run's rows say about drift: the days judged, their rows, and the entries past a threshold. */
export interface NightDrift {
  /** [from, to) of the days judged, epoch ms. */
  from: number;
  to: number;
  rows: number;
  findings: DriftFinding[];
}

/** `volt_mean_24h`, or `volt_mean_24h in model=model3` for one group's rows. */
export const findingName = (f: Pick<DriftFinding, 'feature' | 'group'>): string => (f.group === null ? f.feature : `${f.feature} in ${f.group.column}=${f.group.category}`);

/** The names of the findings past the drift threshold (not the moderate ones): what a night reports and --fail-on-drift fails on. */
export const driftedNames = (night: NightDrift | undefined): string[] => (night?.findings ?? []).filter((f) => f.level === 'drifted').map(findingName);

const fleetRows = (entries: readonly TallyEntry[]): number => entries.find((e) => e.group === null && e.kind === 'risk')?.tally.rows ?? 0;

/** Earlier days, newest first, until the rows reach `minRows`; the days taken. */
function borrowedDays(earlier: readonly (TallyEntry & { day: number })[], have: number, minRows: number): (TallyEntry & { day: number })[] {
  const days = [...new Set(earlier.map((e) => e.day))].sort((a, b) => b - a);
  const taken: number[] = [];
  let rows = have;
  for (const day of days) {
    if (rows >= minRows) break;
    taken.push(day);
    rows += fleetRows(sumTallies(earlier.filter((e) => e.day === day)));
  }
  return earlier.filter((e) => taken.includes(e.day));
}

/**
 * A run's drift judged as one period: its days together, and when they hold fewer than
 * `minRows` rows, the model version's stored days before them, newest first, up to a week back,
 * so that a small fleet is judged on enough rows and a large one on tonight's alone.
 */
export async function nightDrift(
  session: LakeSession,
  model: { name: string; version: number; profile: FeatureProfile },
  run: readonly DayDrift[],
  thresholds: DriftThresholds = DEFAULT_DRIFT_THRESHOLDS,
): Promise<NightDrift | undefined> {
  if (run.length === 0) return undefined;
  const first = Math.min(...run.map((e) => e.day));
  const to = Math.max(...run.map((e) => e.day)) + DAY_MS;
  const tonight = sumTallies(run);
  const have = fleetRows(tonight);
  const earlier = have >= thresholds.minRows ? [] : borrowedDays(await storedDrift(session, model, new Date(first - LOOKBACK_DAYS * DAY_MS), new Date(first)), have, thresholds.minRows);
  const judged = earlier.length === 0 ? tonight : sumTallies([...tonight, ...earlier]);
  const findings = withLevels(driftOfTallies(model.profile, judged), thresholds).flatMap((e) =>
    e.level === undefined ? [] : [{ group: e.group, feature: e.feature, kind: e.kind, level: e.level, drift: e.drift }],
  );
  const from = Math.min(first, ...earlier.map((e) => e.day));
  return { from, to, rows: fleetRows(judged), findings };
}
