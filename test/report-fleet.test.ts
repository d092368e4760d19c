import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport, type WrittenReport } from '../deliver/report/index.js';
import { riskScale, scalesNote } from '../deliver/report/scale.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { LakeSession } from '../sql/duckdb.js';
import { tempDir, type TempDir } from './helpers.js';
import { expectSound, inspectReport, testOutput } from './report-page.js';
import { drivesInFiles, latestPredictions, meanDailyRisk, predictionsOf, rareFailureFleet, type RareFleet } from './report-fleet.js';

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
    expect(now?.riskiest.length).toBe(15);
    for (const a of now?.riskiest ?? []) expect(reporting.has(a.asset)).toBe(true);
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
    expect(asOf.data.now?.assets).toBe(expected.reporting.size);
    expect(new Map(reporting?.listed.map((a) => [a.asset, a.failedAt !== null]))).toEqual(expected.notReporting);
  });

  it("shows the production model's results, not those of a newer version that scored last", async () => {
    expect(written.data.scoredBy).toBe('pdm@1');
    expect(written.data.otherResults.map((o) => o.model)).toEqual(['pdm@2']);
    const production = await predictionsOf(rare, 1);
    const newer = await predictionsOf(rare, 2);
    const latest = latestPredictions(production);
    const latestNewer = latestPredictions(newer);
    const riskiest = written.data.now?.riskiest ?? [];
    for (const a of riskiest) {
      expect(a.risk).toBeCloseTo(latest.get(a.asset)?.risk ?? Number.NaN, 9);
      expect(a.scoredAt).toBe(latest.get(a.asset)?.ts);
    }
    const reporting = [...latest.values()].filter((p) => reference().reporting.has(p.asset));
    expect(riskiest[0]?.risk).toBeCloseTo(Math.max(...reporting.map((p) => p.risk)), 9);
    // the two versions disagree, so the checks above tell them apart
    expect(riskiest.some((a) => Math.abs(a.risk - (latestNewer.get(a.asset)?.risk ?? 0)) > 1e-9)).toBe(true);

    const history = written.data.history;
    const mean = meanDailyRisk(production);
    history?.days.forEach((d, i) => expect(history.meanRisk[i] ?? Number.NaN).toBeCloseTo(mean.get(d) ?? Number.NaN, 9));
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

  it('renders whole, naming the model and the rule, a failed drive only among those not reporting', async () => {
    const findings = await inspectReport(written.path, testOutput('report-rare-failures.png'));
    expectSound(findings, written.data.now?.riskiest[0]?.asset ?? '');
    expect(findings.text).toContain("Every risk on this page is pdm@1's, the production model; not shown: the results of pdm@2");
    expect(findings.text).toMatch(/with a reading at most 3 gold steps of 1d \(3\.0 d\) older than the fleet's newest \(2024-02-08 00:00 UTC\) and no failure since their last reading/);
    expect(findings.text).toMatch(/Not reporting: \d+ assets, \d+ of them failed/);
    // named once, in the list of those not reporting: never as a risk
    const failed = [...reference().notReporting].filter(([, f]) => f).map(([drive]) => drive);
    expect(failed.map((drive) => findings.text.split(drive).length - 1)).toEqual(failed.map(() => 1));
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
