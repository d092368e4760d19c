import type { Command } from 'commander';
import { z } from 'zod';
import { monitorRange, type MonitorReport } from '../ml/monitor/monitor-range.js';
import { findingName } from '../ml/monitor/night-drift.js';
import { DEFAULT_DRIFT_THRESHOLDS, driftThresholdsFor } from '../ml/monitor/thresholds.js';
import type { PeriodPerformance } from '../ml/monitor/performance-over.js';
import { renderResult } from './format.js';
import { missingLabel } from './monitor-format.js';
import { asFleetReader } from './lake.js';
import { action, dayOption, modelRefOption, parseOptions } from './options.js';

const schema = z
  .object({
    from: dayOption.optional(),
    to: dayOption.optional(),
    period: z.enum(['day', 'week', 'month']),
    model: modelRefOption.optional(),
    format: z.enum(['table', 'json']),
  })
  .refine((o) => !o.from || !o.to || o.from < o.to, { message: 'must be after --from', path: ['to'] });

const day = (d: Date): string => d.toISOString().slice(0, 10);
const fixed = (x: number | null, digits = 2): string | null => (x === null ? null : x.toFixed(digits));
const beside = (now: number | null, expected: number | null): string | null => (now === null ? null : `${fixed(now)}${expected === null ? '' : ` (${fixed(expected)})`}`);

function performanceTable(rows: PeriodPerformance[]): { columns: string[]; rows: unknown[][] } {
  const columns = ['model', 'period', 'predictions', 'failures', 'caught', 'precision', 'recall', 'PR-AUC (test)', 'Brier (test)', 'lead h', 'false/1000 asset-days', 'cost'];
  return {
    columns,
    rows: rows.map((p) => {
      const r = p.realised;
      const test = p.expected.test;
      const rates = r.enough ? [fixed(r.precision), beside(r.recall, test.alerts?.recall ?? null), beside(r.prAuc, test.prAuc), beside(r.brier, test.brier)] : ['too few failures', null, null, null];
      return [`${p.name}@${p.version}`, day(p.from), r.rows, r.failures, r.caught, ...rates, fixed(r.leadHoursMedian, 0), fixed(r.falsePer1000AssetDays, 1), fixed(r.cost, 0)];
    }),
  };
}

/** Per version, each group and feature past a threshold in some period: since when, how often, and how it stands in the last period. */
function driftTable(report: MonitorReport): { columns: string[]; rows: unknown[][] } {
  const columns = ['model', 'feature', 'since', 'periods flagged', 'last period', 'PSI', 'missing or unseen'];
  const rows = report.drift.flatMap((v) => {
    const starts = [...new Set(v.periods.map((p) => p.start))];
    const last = starts[starts.length - 1];
    const byName = new Map<string, typeof v.periods>();
    for (const p of v.periods) {
      const same = byName.get(findingName(p));
      if (same) same.push(p);
      else byName.set(findingName(p), [p]);
    }
    return [...byName.entries()].flatMap(([name, periods]) => {
      const flagged = periods.filter((p) => p.level !== undefined);
      const first = flagged[0];
      if (!first) return [];
      const now = periods.find((p) => p.start === last);
      const standing = now === undefined ? 'no rows' : (now.level ?? (now.group !== null && now.tally.rows < DEFAULT_DRIFT_THRESHOLDS.minRows ? 'too few rows' : 'within'));
      const since = day(new Date(Math.max(first.start, report.from.getTime())));
      return [[`${v.name}@${v.version}`, name, since, `${flagged.length} of ${starts.length}`, standing, fixed(now?.drift.psi ?? null), now ? `${(now.drift.missingShare * 100).toFixed(0)}%${now.kind === 'categorical' ? ` ${missingLabel(now.kind)}` : ''}` : null]];
    });
  });
  return { columns, rows };
}

function describeMonitor(report: MonitorReport | undefined, format: 'table' | 'json'): string {
  if (format === 'json') return JSON.stringify(report ?? null) + '\n';
  if (!report) return 'nothing monitored yet: scoring stores drift, and `lakescore run` judges predictions once their horizon has passed\n';
  const range = `[${day(report.from)}, ${day(report.to)})`;
  const performance = report.performance.length
    ? renderResult(performanceTable(report.performance), 'table')
    : 'no prediction in the range has matured and been judged yet\n';
  const drift = driftTable(report);
  const drifts = drift.rows.length ? renderResult(drift, 'table') : 'no feature past the thresholds\n';
  return [
    `realised performance per ${report.period} over ${range}, beside the figures at training in parentheses (docs/monitoring.md)`,
    performance,
    `drift from training per ${report.period} over ${range}`,
    drifts,
  ].join('\n');
}

export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description('realised performance of past predictions and drift of scored features from training (docs/monitoring.md)')
    .option('--from <date>', 'first day (default: eight weeks before --to)')
    .option('--to <date>', 'day after the last (default: after the newest day monitored)')
    .option('--period <period>', 'day, week or month', 'week')
    .option('--model <ref>', 'NAME, NAME@VERSION or NAME@ALIAS (default: every model)')
    .option('--format <format>', 'table or json', 'table')
    .action(
      action(async (raw: unknown, command: Command) => {
        const o = parseOptions(schema, raw);
        await asFleetReader(command, undefined, async (session, fleet) => {
          const report = await monitorRange(session, { period: o.period, ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}), ...(o.model ? { model: o.model } : {}) }, driftThresholdsFor(fleet));
          process.stdout.write(describeMonitor(report, o.format));
        });
      }),
    );
}
