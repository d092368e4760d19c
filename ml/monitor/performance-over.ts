import { z } from 'zod';
import type { LakeSession, Row } from '../../sql/duckdb.js';
import { InputError } from '../../sql/errors.js';
import { DAY_MS } from '../decision/alerts.js';
import { costsOf } from '../judge.js';
import { RISK_BIN_COUNT } from './performance-bins.js';
import type { DayFigures } from './performance-judge.js';
import { expectationsOf, type ExpectedFigures, type VersionExpectations } from './performance-models.js';
import { periodOf, realisedFigures, type Period, type RealisedFigures } from './performance-rollup.js';
import { declarePerformanceTables, type VersionId } from './performance-table.js';

/** Realised performance over days, weeks or months, beside what training expected (docs/monitoring.md#realised-performance). */

export interface PerformanceQuery {
  /** The UTC days [from, to): a time within a day stands for its whole day. */
  from: Date;
  to: Date;
  period: Period;
  /** One model name, or one version of it; every version judged when absent. */
  model?: { name: string; version?: number };
}

export interface PeriodPerformance extends VersionId {
  period: Period;
  /** The period's days within the query's, [from, to). */
  from: Date;
  to: Date;
  realised: RealisedFigures;
  expected: ExpectedFigures;
}

const count = z.number().int().nonnegative();
const countOrNull = count.nullable();
const bins = z.array(count).length(RISK_BIN_COUNT);

const dayRowSchema = z.object({
  model_name: z.string(),
  model_version: z.number().int(),
  day_number: z.number().int(),
  rows_judged: count,
  positives: count,
  brier_sum: z.number().nonnegative(),
  asset_days: z.number().nonnegative(),
  risk_bins_positive: bins,
  risk_bins_negative: bins,
  tp: countOrNull,
  fp: countOrNull,
  fn: countOrNull,
  tn: countOrNull,
  failures: count,
  caught: countOrNull,
  lead_hours: z.array(z.number()).nullable(),
  episodes: countOrNull,
  false_episodes: countOrNull,
});

type DayRow = z.infer<typeof dayRowSchema>;

function parseDayRow(row: Row): DayRow {
  const parsed = dayRowSchema.safeParse(row);
  if (!parsed.success) throw new InputError(`monitor_performance: a row lakescore did not write (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

function dayFigures(r: DayRow): DayFigures {
  const withAlerts = r.tp !== null && r.fp !== null && r.fn !== null && r.tn !== null;
  return {
    day: r.day_number,
    rows: r.rows_judged,
    positives: r.positives,
    brierSum: r.brier_sum,
    riskPositive: r.risk_bins_positive,
    riskNegative: r.risk_bins_negative,
    assetDays: r.asset_days,
    confusion: withAlerts ? { tp: r.tp as number, fp: r.fp as number, fn: r.fn as number, tn: r.tn as number } : null,
    failures: r.failures,
    caught: r.caught,
    leadHours: r.lead_hours,
    episodes: r.episodes,
    falseEpisodes: r.false_episodes,
  };
}

const dayText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

interface Group extends VersionId {
  start: number;
  end: number;
  days: DayFigures[];
}

/** The days grouped by version and period, each period clipped to [fromDay, toDay). */
function groupDays(rows: readonly DayRow[], period: Period, fromDay: number, toDay: number): Group[] {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const { start, end } = periodOf(r.day_number, period);
    const key = `${r.model_name}\u0000${r.model_version}\u0000${start}`;
    let group = groups.get(key);
    if (!group) {
      group = { name: r.model_name, version: r.model_version, start: Math.max(start, fromDay), end: Math.min(end, toDay), days: [] };
      groups.set(key, group);
    }
    group.days.push(dayFigures(r));
  }
  return [...groups.values()];
}

/**
 * Per period and model version: the realised figures of the days judged so far, beside the
 * figures stored at training; a period with fewer than MIN_FAILURES failure events has
 * `enough: false` and null rates. Periods without a judged day are left out.
 */
export async function performanceOver(session: LakeSession, query: PerformanceQuery): Promise<PeriodPerformance[]> {
  const fromDay = Math.floor(query.from.getTime() / DAY_MS);
  const toDay = Math.ceil(query.to.getTime() / DAY_MS);
  if (!(fromDay < toDay)) throw new InputError('the period asked for is empty: from must be before to');
  await declarePerformanceTables(session);
  const rows = await session.queryFile('ml', 'monitor/performance_days.sql', {
    from: dayText(fromDay),
    to: dayText(toDay),
    model_name: query.model?.name ?? null,
    model_version: query.model?.version ?? null,
  });
  const expectations = new Map<string, VersionExpectations>();
  const out: PeriodPerformance[] = [];
  for (const group of groupDays(rows.map(parseDayRow), query.period, fromDay, toDay)) {
    const id = `${group.name}@${group.version}`;
    let known = expectations.get(id);
    if (!known) {
      known = await expectationsOf(session, group);
      expectations.set(id, known);
    }
    const costs = known.rule && costsOf(known.rule.policy);
    out.push({
      name: group.name,
      version: group.version,
      period: query.period,
      from: new Date(group.start * DAY_MS),
      to: new Date(group.end * DAY_MS),
      realised: realisedFigures(group.days, costs),
      expected: known.expected,
    });
  }
  return out;
}
