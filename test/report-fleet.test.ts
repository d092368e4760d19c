import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport, type WrittenReport } from '../deliver/report/index.js';
import { alertingOf } from '../deliver/report/alerting.js';
import { modelSection } from '../deliver/report/model-html.js';
import { riskScale, scalesNote } from '../deliver/report/scale.js';
import { spanText } from '../deliver/report/times.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { LakeSession } from '../sql/duckdb.js';
import { tempDir, type TempDir } from './helpers.js';
import { expectSound, inspectReport, testOutput } from './report-page.js';
import { drivesInFiles, failuresOf, latestPredictions, meanDailyRisk, predictionsOf, rareFailureFleet, type RareFleet } from './report-fleet.js';
import { alertsPerDayReference, inAlertReference, leadTimesReference, rowsOf } from './report-references.js';

const SILENT_DAYS = 3;

let dir: TempDir;
let rare: RareFleet;
let written: WrittenReport;

beforeAll(async () => {
  dir = tempDir();
  rare = await rareFailureFleet(dir.path, 5);
  written = await LakeSession.using(rare.lake, {}, async (session) => {
    await declareAllTables(session, rare.fleet);
    return writeReport(session, rare.fleet, { out: testOutput('report-rare-failures.html') });
  });
}, 120_000);
afterAll(() => dir.remove());

/** Which drives report (up to a day), from the generated files alone: read within three days of the newest reading, and not failed on the last. */
function reference(until?: string): { reporting: Set<string>; notReporting: Map<string, boolean> } {
  const drives = drivesInFiles(rare.files, until);
  const newest = Math.max(...[...drives.values()].map((d) => Date.parse(d.lastDay)));
  const reporting = new Set<string>();
  const notReporting = new Map<string, boolean>();
  for (const [drive, d] of drives) {
    const silent = newest - Date.parse(d.lastDay) > SILENT_DAYS * 86_400_000;
    if (d.failedLast || silent) notReporting.set(drive, d.failedLast);
    else reporting.add(drive);
  }
  return { reporting, notReporting };
}

describe('the report of a rare-failure fleet', () => {
  it('is such a fleet: about one drive-day in 300 a failure, some drives failed and stopped', () => {
    const drives = [...drivesInFiles(rare.files).values()];
    const driveDays = drives.reduce((n, d) => n + d.days.size, 0);
    const failed = drives.filter((d) => d.failedLast).length;
    expect(failed).toBeGreaterThanOrEqual(2);
    expect(failed / driveDays).toBeLessThan(0.005);
  });

  it('counts and lists only the assets that report, and lists the others apart', () => {
    const { reporting, notReporting } = reference();
    const now = written.data.now;
    expect(now?.assets).toBe(reporting.size);
    expect(now?.listed.length).toBe(15);
    for (const a of now?.listed ?? []) expect(reporting.has(a.asset)).toBe(true);
    expect(now?.reporting.count).toBe(notReporting.size);
    expect(now?.reporting.failed).toBe([...notReporting.values()].filter(Boolean).length);
    expect(new Map(now?.reporting.listed.map((a) => [a.asset, a.failedAt !== null]))).toEqual(notReporting);
    expect(now?.reporting.step).toBe('1d');
    // flagged on the newest day: its failure falls at the end of that day, after every result
    expect(now?.reporting.listed.find((a) => a.asset === 'HX 004')).toMatchObject({ lastReading: '2024-02-08 00:00', failedAt: '2024-02-09 00:00' });
  });

  it('judges who reports as of the --as-of day: a drive that fails later reports until then', async () => {
    const asOf = await LakeSession.using(rare.lake, {}, async (session) => {
      await declareAllTables(session, rare.fleet);
      return writeReport(session, rare.fleet, { out: testOutput('report-rare-failures-as-of.html'), asOf: '2024-01-30' });
    });
    const reporting = asOf.data.now?.reporting;
    expect(reporting?.newestReading).toBe('2024-01-30 00:00');
    // HX 001 read last on 2024-01-28, its failure falls at the end of that day's step; HX 002 fails on 2024-02-01
    expect(reporting?.listed.find((a) => a.asset === 'HX 001')?.failedAt).toBe('2024-01-29 00:00');
    expect(reporting?.listed.some((a) => a.asset === 'HX 002')).toBe(false);
    const expected = reference('2024-01-30');
    // pdm@1 did not score 2024-01-28 to 2024-02-04: a drive that appeared since has no result to count
    const predicted = new Set((await predictionsOf(rare, 1)).filter((p) => p.ts < '2024-01-31').map((p) => p.asset));
    expect(asOf.data.now?.assets).toBe([...expected.reporting].filter((a) => predicted.has(a)).length);
    expect(new Map(reporting?.listed.map((a) => [a.asset, a.failedAt !== null]))).toEqual(expected.notReporting);
  });

  it("shows the production model's results, not those of a newer version that scored last", async () => {
    expect(written.data.scoredBy).toBe('pdm@1');
    expect(written.data.otherResults.map((o) => o.model)).toEqual(['pdm@2']);
    const production = await predictionsOf(rare, 1);
    const newer = await predictionsOf(rare, 2);
    const latest = latestPredictions(production);
    const latestNewer = latestPredictions(newer);
    const listed = written.data.now?.listed ?? [];
    for (const a of listed) {
      expect(a.risk).toBeCloseTo(latest.get(a.asset)?.risk ?? Number.NaN, 9);
      expect(a.scoredAt).toBe(latest.get(a.asset)?.ts);
    }
    const reporting = [...latest.values()].filter((p) => reference().reporting.has(p.asset));
    expect(Math.max(...listed.map((a) => a.risk))).toBeCloseTo(Math.max(...reporting.map((p) => p.risk)), 9);
    // the two versions disagree, so the checks above tell them apart
    expect(listed.some((a) => Math.abs(a.risk - (latestNewer.get(a.asset)?.risk ?? 0)) > 1e-9)).toBe(true);

    const history = written.data.history;
    const mean = meanDailyRisk(production);
    // the days pdm@1 did not score are gaps
    history?.days.forEach((d, i) => (mean.has(d) ? expect(history.meanRisk[i]).toBeCloseTo(mean.get(d) ?? Number.NaN, 9) : expect(history.meanRisk[i]).toBeNull()));
    const newerMean = meanDailyRisk(newer);
    expect(history?.days.some((d, i) => Math.abs((history.meanRisk[i] ?? 0) - (newerMean.get(d) ?? 0)) > 1e-9)).toBe(true);
  });

  it('draws its risk axes to the data, not to 100%', () => {
    const history = written.data.history;
    const largest = Math.max(...(history?.meanRisk ?? []).map((r) => r ?? 0));
    expect(history?.meanScale.top).toBeGreaterThanOrEqual(largest);
    expect(history?.meanScale.top).toBeLessThan(Math.max(0.002, largest * 2.5 + 1e-12));
    const cells = Math.max(...(history?.heatmap.cells ?? []).map((c) => c[2]));
    expect(history?.heatmap.scale.top).toBeGreaterThanOrEqual(cells);
  });

  it('counts rows per day of their data, one bar a day, though every file was loaded at once', () => {
    const drives = drivesInFiles(rare.files);
    const perDay = new Map<string, number>();
    for (const d of drives.values()) for (const day of d.days) perDay.set(day, (perDay.get(day) ?? 0) + 1);
    const days = [...perDay.keys()].sort();
    expect(days.length).toBe(16);
    const loads = written.data.health.loads;
    expect(loads.categories).toEqual(days);
    expect(loads.series.map((s) => s.name)).toEqual(['drives']);
    expect(loads.series[0]?.values).toEqual(days.map((d) => perDay.get(d)));
  });

  it('renders whole, naming the model and the rule, a failed drive in the fleet now only among those not reporting', async () => {
    const findings = await inspectReport(written.path, testOutput('report-rare-failures.png'));
    expectSound(findings, written.data.now?.listed[0]?.asset ?? '');
    const now = findings.sections.now ?? '';
    expect(findings.text).toContain("Every risk on this page is pdm@1's, the production model; not shown: the results of pdm@2");
    expect(now).toMatch(/with a reading at most 3 gold steps of 1d \(3\.0 d\) older than the fleet's newest \(2024-02-08 00:00 UTC\) and no failure since their last reading/);
    expect(now).toMatch(/Not reporting: \d+ assets, \d+ of them failed/);
    // named once in the fleet now, in the list of those not reporting: never as a risk
    const failed = [...reference().notReporting].filter(([, f]) => f).map(([drive]) => drive);
    expect(failed.map((drive) => now.split(drive).length - 1)).toEqual(failed.map(() => 1));
  });
});

describe('the alerts in the report of a rare-failure fleet', () => {
  const grid = () => {
    const g = written.data.model?.grid ?? { stepSeconds: Number.NaN, horizonSeconds: Number.NaN };
    return { stepMs: g.stepSeconds * 1000, horizonMs: g.horizonSeconds * 1000 };
  };

  it('lists the reporting assets whose latest result is an alert, since when and with their diagnosis', async () => {
    const production = await predictionsOf(rare, 1);
    const { reporting } = reference();
    const expected = inAlertReference(production, '2024-02-09', (asset) => reporting.has(asset));
    const now = written.data.now;
    const inAlert = now?.listed.filter((a) => a.inAlert) ?? [];
    expect(now?.inAlert).toBe(expected.size);
    expect(new Map(inAlert.map((a) => [a.asset, { since: a.since, diagnosis: a.diagnosis }]))).toEqual(expected);
    // the one drive in alert on the newest day; a drive that failed is not counted
    expect([...expected.keys()]).toEqual(['SN 004']);
    // in alert first, then the riskiest others, up to 15
    expect(now?.listed.length).toBe(15);
    expect(now?.listed.slice(inAlert.length).every((a) => !a.inAlert && a.since === null)).toBe(true);
    expect(written.data.alerting).toEqual({ byRule: true, name: 'in alert', label: 'risk ≥ 70%' });
  });

  it('counts per day the assets in alert and the new alert episodes, as scoring walks them', async () => {
    const production = await predictionsOf(rare, 1);
    const { stepMs, horizonMs } = grid();
    const expected = alertsPerDayReference(rowsOf(production), stepMs, horizonMs);
    const history = written.data.history;
    const shown = new Map(history?.days.map((d, i) => [d, { inAlert: history.inAlert[i], newEpisodes: history.newAlerts[i] }]));
    for (const [day, counts] of shown) expect([day, counts]).toEqual([day, expected.get(day) ?? { inAlert: 0, newEpisodes: 0 }]);
    expect([...expected.keys()].every((d) => shown.has(d))).toBe(true);
    expect(history?.newAlerts.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('says of each failure of the last weeks whether it was alerted beforehand, and how far ahead', async () => {
    const production = await predictionsOf(rare, 1);
    const failures = await failuresOf(rare);
    const expected = leadTimesReference(failures, production, grid().horizonMs, '2024-02-09');
    const leads = written.data.leadTimes;
    expect(leads?.failures).toBe(failures.length);
    const shown = new Map(leads?.listed.map((f) => [`${f.asset}|${f.failedAt}`, { outcome: f.outcome, ahead: f.ahead }]));
    expect(shown).toEqual(new Map([...expected].map(([key, e]) => [key, { outcome: e.outcome, ahead: e.aheadHours === null ? null : spanText(e.aheadHours * 3600) }])));
    // one alerted four days ahead, one scored in the horizon but never alerted, one in pdm@1's gap
    expect(shown.get('HX 001|2024-01-29 00:00')).toEqual({ outcome: 'alerted', ahead: '4.0 d' });
    expect(shown.get('HX 002|2024-02-01 00:00')).toEqual({ outcome: 'missed', ahead: null });
    expect(shown.get('SN 008|2024-02-04 00:00')).toEqual({ outcome: 'not scored', ahead: null });
    expect([leads?.scored, leads?.alerted]).toEqual([failures.length - 1, failures.length - 2]);
  });

  it('shows the rule now, the one chosen at training and its expected figures beside the baselines', async () => {
    const decision = written.data.model?.decision;
    expect(decision?.rule).toMatchObject({ threshold: 0.7, policy: { kind: 'fixed' }, chosenOn: { basis: 'given' } });
    expect(decision?.atTraining?.policy.kind).toBe('cost');
    expect(decision?.test.figures.cost).not.toBeNull();
    const findings = await inspectReport(written.path, testOutput('report-rare-failures-model.png'));
    expect(findings.canvases.find((c) => c.name === 'chart-calibration')?.painted).toBe(true);
    const model = findings.sections.model ?? '';
    expect(model).toContain('alert when risk >= 0.700');
    expect(model).toMatch(/Set\s+again on \d{4}-\d\d-\d\d \d\d:\d\d UTC by lakescore models set-alerts, after training; the rule chosen at training was: never alert, lowest expected cost/);
    expect(model).toContain('These figures are of the rule chosen at training');
    const test = decision?.test;
    for (const [name, f] of [['alert nothing', test?.baselines.nothing], ['alert everything', test?.baselines.everything], ['threshold 0.5', test?.baselines.half]] as const) {
      expect(model).toContain(`${name}\t${f?.caught} of ${f?.failures}`);
      expect(model).toMatch(new RegExp(`${name}\\t.*\\t${f?.falsePer1000AssetDays.toFixed(2)}\\t${Math.round(f?.cost ?? Number.NaN)}`));
    }
    expect(model).toContain(`PR-AUC ${written.data.model?.scores.riskPrAuc?.toFixed(4)}, Brier score ${written.data.model?.scores.brier?.toFixed(4)}`);
    expect(findings.sections.header).toMatch(/In alert \(risk ≥ 70%\)\s+1\s/i);
    expect(findings.sections['lead-times']).toMatch(/HX 002\s+failure\s+missed/);
  });

  it('says in one line that a model trained before alert rules has none', () => {
    const model = written.data.model;
    if (!model) throw new Error('the fleet has a model');
    const html = modelSection({ ...model, decision: null });
    expect(html).toContain('No alert rule: pdm@1 was trained before lakescore chose one; train again for alerts.');
    expect(html).not.toContain('Expected:');
    expect(alertingOf(undefined)).toEqual({ byRule: false, name: 'at high risk', label: 'risk ≥ 50%' });
  });
});

describe('a risk scale', () => {
  it('ends at the round value at or above the largest risk, with the decimals its ticks need', () => {
    expect(riskScale([0.0026, null])).toEqual({ top: 0.005, digits: 1 });
    expect(riskScale([0.02])).toEqual({ top: 0.02, digits: 1 });
    expect(riskScale([0.021])).toEqual({ top: 0.05, digits: 0 });
    expect(riskScale([0.0012])).toEqual({ top: 0.002, digits: 2 });
    expect(riskScale([])).toEqual({ top: 0.001, digits: 2 });
    expect(riskScale([0.3, 0.7])).toEqual({ top: 1, digits: 0 });
    expect(riskScale([1])).toEqual({ top: 1, digits: 0 });
    expect(scalesNote([['Bars run', riskScale([0.004])], ['lines', riskScale([0.9])]])).toBe('Bars run from 0 to 0.5% and lines from 0 to 100%: round values above the highest shown, not 100%.');
    expect(scalesNote([['The axis runs', riskScale([0.9])]])).toBe('The axis runs from 0 to 100%.');
  });
});
