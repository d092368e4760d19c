import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftNowRow } from '../deliver/report/drift-now.js';
import { writeReport, type WrittenReport } from '../deliver/report/index.js';
import { monitoringSection } from '../deliver/report/monitoring-html.js';
import type { Monitoring } from '../deliver/report/monitoring.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { DEFAULT_FOREST_PARAMS } from '../ml/forest/index.js';
import { driftOver } from '../ml/monitor/drift-over.js';
import type { PeriodDrift } from '../ml/monitor/drift-periods.js';
import { performanceOver } from '../ml/monitor/performance-over.js';
import { MIN_FAILURES } from '../ml/monitor/performance-rollup.js';
import { DEFAULT_DRIFT_THRESHOLDS } from '../ml/monitor/thresholds.js';
import { promoteModel } from '../ml/registry.js';
import { trainModel } from '../ml/train.js';
import { LakeSession } from '../sql/duckdb.js';
import { builtLake, FLEET, readLake, runCli, tempDir, twoDropFeed, withWriter, type TempDir } from './helpers.js';
import { inspectReport, testOutput } from './report-page.js';

/**
 * The report's monitoring section (docs/report.md#monitoring) on a fleet fed in two drops by the
 * nightly job, which trains and promotes its first model on the first night: the weeks, drift and
 * decisions it gathers are those the monitor library and model_evaluations hold, and the page
 * marks weeks with too few failures and says plainly when there is nothing yet.
 */

const DAY_MS = 86_400_000;
const PDM1 = { name: 'pdm', version: 1 };
let dir: TempDir;
let lake: string;
let bare: string;

const night = (args: string[]): void => {
  const out = runCli(['--lake', lake, 'run', ...args]);
  expect(out.code, out.stderr).toBe(0);
};

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  // 40 machines make about five failures a week: most weeks too few to rate, one of them (seed 4) enough
  const feed = await twoDropFeed(dir.path, { machines: 40, days: 120, seed: 4 }, '2015-03-15 00:00:00');
  feed.deliver(1);
  night(['--inbox', feed.inbox, '--retrain-every', '7d']);
  feed.deliver(2);
  night(['--inbox', feed.inbox, '--retrain-every', '7d']);

  bare = join(dir.path, 'bare');
  await builtLake(bare, join(dir.path, 'bare-sim'), { machines: 6, days: 45, seed: 2 });
  await withWriter(bare, async (session) => {
    const day = (s: string): Date => new Date(`${s}T00:00:00Z`);
    const forest = { ...DEFAULT_FOREST_PARAMS, trees: 4, maxDepth: 6, threads: 1 };
    const trained = await trainModel(session, FLEET, { name: 'pdm', from: day('2015-01-01'), to: day('2015-01-25'), testTo: day('2015-02-14'), forest });
    await promoteModel(session, { name: 'pdm', version: trained.model.meta.version }, 'production');
  });
}, 60_000);
afterAll(() => dir.remove());

const report = (of: string, name: string): Promise<WrittenReport> =>
  LakeSession.using(of, {}, async (session) => {
    await declareAllTables(session, FLEET);
    return writeReport(session, FLEET, { out: testOutput(name) });
  });

const range = (m: Monitoring): { from: Date; to: Date } => ({ from: new Date(`${m.range?.from}T00:00:00Z`), to: new Date(`${m.range?.to}T00:00:00Z`) });
const dayText = (d: Date | number): string => new Date(d).toISOString().slice(0, 10);

/**
 * A plain restatement of the drift rule: walk each feature's weeks from the newest back, skipping
 * the weeks that could not judge it (within the thresholds on fewer than 200 rows); it drifts now
 * when the first week met is flagged, since the oldest flagged week met before one within them.
 */
function driftNowReference(periods: readonly PeriodDrift[], from: number): Omit<DriftNowRow, 'kind' | 'rows' | 'missingShare' | 'referenceMissingShare'>[] {
  const names = [...new Set(periods.map((p) => JSON.stringify([p.group?.column ?? null, p.group?.category ?? null, p.feature])))];
  const rows = [];
  for (const name of names) {
    const weeks = periods.filter((p) => JSON.stringify([p.group?.column ?? null, p.group?.category ?? null, p.feature]) === name);
    let now: PeriodDrift | undefined;
    let first: PeriodDrift | undefined;
    for (let i = weeks.length - 1; i >= 0; i--) {
      const w = weeks[i] as PeriodDrift;
      if (w.level === undefined && w.tally.rows < DEFAULT_DRIFT_THRESHOLDS.minRows) continue;
      if (w.level === undefined) break;
      now ??= w;
      first = w;
    }
    if (now?.level === undefined || !first) continue;
    rows.push({
      feature: now.feature,
      group: now.group ? `${now.group.column}=${now.group.category}` : null,
      level: now.level,
      week: dayText(Math.max(now.start, from)),
      since: dayText(Math.max(first.start, from)),
      sinceRangeStart: first.start <= from,
      psi: now.drift.psi,
    });
  }
  return rows;
}

const severity = (r: Pick<DriftNowRow, 'level' | 'psi'>): [number, number] => [r.level === 'drifted' ? 1 : 0, r.psi ?? -Infinity];

describe('the report on a monitored lake', () => {
  let written: WrittenReport;
  let m: Monitoring;
  beforeAll(async () => {
    written = await report(lake, 'report-monitoring.html');
    m = written.data.monitoring as Monitoring;
  }, 20_000);

  it('gives the weeks performanceOver gives for the eight weeks up to the newest day monitored', async () => {
    expect(m.model).toBe('pdm@1');
    const [extent] = await readLake(lake, 'SELECT greatest((SELECT max(day_start) FROM monitor_drift), (SELECT max(day)::TIMESTAMP FROM monitor_performance)) AS last_day');
    const to = (extent?.last_day as Date).getTime() + DAY_MS;
    expect(m.range).toEqual({ from: dayText(to - 56 * DAY_MS), to: dayText(to) });
    const periods = await LakeSession.using(lake, {}, (s) => performanceOver(s, { ...range(m), period: 'week', model: PDM1 }));
    expect(periods.length).toBeGreaterThan(4);
    expect(m.weeks).toEqual(
      periods.map((p) => ({
        from: dayText(p.from),
        to: dayText(p.to),
        rows: p.realised.rows,
        failures: p.realised.failures,
        caught: p.realised.caught,
        enough: p.realised.enough,
        precision: p.realised.precision,
        recall: p.realised.recall,
        falsePer1000AssetDays: p.realised.falsePer1000AssetDays,
      })),
    );
    const alerts = periods[0]?.expected.test.alerts;
    expect(m.expected).toEqual({ precision: alerts?.precision, recall: alerts?.recall, falsePer1000AssetDays: alerts?.falsePer1000AssetDays });
    // the seed gives both kinds of week; a week without enough failures has no rates, not zeros
    expect(m.weeks.some((w) => w.enough)).toBe(true);
    const tooFew = m.weeks.filter((w) => !w.enough);
    expect(tooFew.length).toBeGreaterThan(0);
    for (const w of tooFew) expect([w.failures < MIN_FAILURES, w.precision, w.recall]).toEqual([true, null, null]);
  });

  it('lists the features flagged in their newest judged week, most drifted first, as the stored drift gives them', async () => {
    const [version] = await LakeSession.using(lake, {}, (s) => driftOver(s, { ...range(m), period: 'week', model: PDM1 }, DEFAULT_DRIFT_THRESHOLDS));
    const reference = driftNowReference(version?.periods ?? [], range(m).from.getTime());
    expect(reference.length).toBeGreaterThan(0);
    const drift = m.drift ?? { rows: [], more: -1 };
    expect(drift.rows.length).toBe(Math.min(10, reference.length));
    expect(drift.more).toBe(reference.length - drift.rows.length);
    const key = (r: { feature: string; group: string | null }): string => `${r.group} ${r.feature}`;
    const byKey = new Map(reference.map((r) => [key(r), r]));
    for (const row of drift.rows) expect(row).toMatchObject(byKey.get(key(row)) ?? { missing: key(row) });
    // none left out is more drifted than one listed
    const listed = new Set(drift.rows.map(key));
    const weakest = severity(drift.rows[drift.rows.length - 1] as DriftNowRow);
    for (const r of reference.filter((r) => !listed.has(key(r)))) {
      const s = severity(r);
      expect(s[0] < weakest[0] || (s[0] === weakest[0] && s[1] <= weakest[1])).toBe(true);
    }
    for (let i = 1; i < drift.rows.length; i++) {
      const [a, b] = [severity(drift.rows[i - 1] as DriftNowRow), severity(drift.rows[i] as DriftNowRow)];
      expect(a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1])).toBe(true);
    }
  });

  it('lists the retrain decisions of model_evaluations, newest first', async () => {
    const stored = await readLake(lake, 'SELECT evaluation_id, champion, challenger, metric, challenger_value, promoted, reason FROM model_evaluations ORDER BY evaluation_id DESC');
    expect(stored.length).toBe(1);
    expect(m.decisions.map((d) => ({ evaluation_id: d.id, champion: d.champion, challenger: d.challenger, metric: d.metric, promoted: d.promoted, reason: d.reason }))).toEqual(
      stored.map(({ challenger_value: _value, ...rest }) => rest),
    );
    expect(m.decisions[0]?.challengerValue).toBeCloseTo(Number(stored[0]?.challenger_value), 4);
  });

  it('draws the section: the chart, the weeks with too few failures marked, the drift and the decision', async () => {
    const findings = await inspectReport(written.path, testOutput('report-monitoring.png'));
    expect([findings.errors, findings.requests]).toEqual([[], []]);
    expect(findings.canvases).toContainEqual({ name: 'chart-monitoring', painted: true });
    const text = findings.sections.monitoring ?? '';
    const tooFew = m.weeks.filter((w) => !w.enough);
    expect(text.match(/too few failures \(\d+ of 10 needed\)/g)?.length).toBe(tooFew.length);
    for (const w of tooFew) expect(text).toContain(`too few failures (${w.failures} of 10 needed)`);
    expect(text).toContain(m.drift?.rows[0]?.feature);
    expect(text).toContain('promoted');
    expect(text).toContain(m.decisions[0]?.reason);
    // the section follows the production model's
    expect(Object.keys(findings.sections).indexOf('monitoring')).toBe(Object.keys(findings.sections).indexOf('model') + 1);
  });
});

describe('the report before anything was monitored', () => {
  it('says so in each part, and draws no chart for it', async () => {
    const written = await report(bare, 'report-monitoring-bare.html');
    expect(written.data.monitoring).toMatchObject({ model: 'pdm@1', range: null, weeks: [], drift: null, decisions: [] });
    const html = readFileSync(written.path, 'utf8');
    const section = html.slice(html.indexOf('<section id="monitoring">'), html.indexOf('<section id="health">'));
    expect(section).not.toContain('<canvas');
    expect(section).toContain('No prediction of pdm@1 has matured and been judged yet');
    expect(section).toContain('No drift stored for pdm@1 yet');
    expect(section).toContain('No retrain decision yet');
  });

  it('escapes what a decision says', () => {
    const html = monitoringSection({
      model: 'pdm@<1>',
      range: null,
      minFailures: MIN_FAILURES,
      expected: null,
      weeks: [],
      drift: null,
      decisions: [{ id: 1, at: '2015-01-01 00:00', champion: null, challenger: 'pdm@"2"', metric: 'event-f1', championValue: null, challengerValue: 0.5, holdout: { from: '2015-01-01', to: '2015-02-01', rows: 3 }, promoted: false, reason: '<script>&' }],
    });
    expect(html).not.toMatch(/<script|pdm@<1>|"2"/);
    expect(html).toContain('&#60;script&#62;&#38;');
  });
});
