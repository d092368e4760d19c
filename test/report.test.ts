import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../bronze/ingest.js';
import { simulate } from '../bronze/simulate/simulate.js';
import { jsonForScript, escapeHtml } from '../deliver/report/escape.js';
import { writeReport, type WrittenReport } from '../deliver/report/index.js';
import { buildGold } from '../gold/build.js';
import { fleetParams } from '../gold/params.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { DEFAULT_FOREST_PARAMS } from '../ml/forest/index.js';
import { promoteModel } from '../ml/registry.js';
import { mostAtRisk } from '../ml/risk.js';
import { score } from '../ml/score.js';
import { trainModel } from '../ml/train.js';
import { buildSilver } from '../silver/build.js';
import { LakeSession } from '../sql/duckdb.js';
import { FLEET, runCli, tempDir, withWriter, type TempDir } from './helpers.js';
import { expectSound, inspectReport, testOutput } from './report-page.js';

const day = (s: string): Date => new Date(`${s}T00:00:00Z`);

let dir: TempDir;
let lake: string;

/** The demo's steps on a smaller fleet and forest, plus a rejected file and a few dirty rows to report on. */
beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  const data = join(dir.path, 'data');
  await simulate({ machines: 12, from: '2015-01-01', days: 150, seed: 11, format: 'csv', dirty: 0.002, out: data });
  writeFileSync(join(data, 'telemetry_broken.csv'), 'not,the,columns\n1,2,3\n');
  await withWriter(lake, async (session) => {
    await ingest(session, FLEET, [data]);
    await buildSilver(session, FLEET, { force: false });
    await buildGold(session, { fleet: FLEET, params: fleetParams(FLEET), reset: false });
    const trained = await trainModel(session, FLEET, {
      name: 'pdm',
      from: day('2015-01-01'),
      to: day('2015-04-01'),
      testTo: day('2015-05-01'),
      forest: { ...DEFAULT_FOREST_PARAMS, trees: 8, maxDepth: 10, threads: 2 },
    });
    await promoteModel(session, { name: 'pdm', version: trained.model.meta.version }, 'production');
    await score(session, FLEET, { name: 'pdm', alias: 'production' }, { mode: 'range', from: day('2015-04-01'), to: day('2015-06-01') });
  });
}, 120_000);
afterAll(() => dir.remove());

async function report(name: string, asOf?: string): Promise<WrittenReport> {
  return LakeSession.using(lake, {}, async (session) => {
    await declareAllTables(session, FLEET);
    return writeReport(session, FLEET, { out: testOutput(name), ...(asOf === undefined ? {} : { asOf }) });
  });
}

async function riskiestBefore(before?: Date): Promise<string> {
  const [top] = await LakeSession.using(lake, {}, (session) => mostAtRisk(session, FLEET, 1, before));
  return String(top?.machine_id);
}

describe('lakescore report', () => {
  it('writes one self-contained page that renders offline with every chart drawn', async () => {
    const written = await report('report-demo.html');
    const html = readFileSync(written.path, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(written.bytes).toBeLessThan(400_000);
    expect(written.data.now?.assets).toBe(12);
    expect(written.data.history?.heatmap.assets.length).toBe(12);
    expect(written.data.model?.inProduction).toBe(true);
    expect(written.data.health.quarantine.categories.length).toBeGreaterThan(0);
    expect(written.data.health.balances.every((b) => b.balanced)).toBe(true);
    expect(written.data.runs.failures.map((f) => f.kind)).toContain('load');

    const findings = await inspectReport(written.path, testOutput('report-demo.png'));
    expectSound(findings, await riskiestBefore());
    // one sparkline per listed asset, and the section charts
    expect(findings.canvases.filter((c) => c.name.startsWith('spark')).length).toBe(written.data.now?.listed.length);
    for (const id of ['chart-fleet-daily', 'chart-heatmap', 'chart-calibration', 'chart-confusion', 'chart-metrics', 'chart-importance', 'chart-loads', 'chart-quarantine', 'chart-runs']) {
      expect(findings.canvases.map((c) => c.name)).toContain(id);
    }
    process.stdout.write(`report for the demo-like lake: ${written.bytes} bytes\n`);
  });

  it('shows the risk picture as it stood at the end of the --as-of day', async () => {
    const written = await report('report-demo-as-of.html', '2015-04-20');
    expect(written.data.window?.end).toEqual(day('2015-04-21'));
    expect(written.data.now?.listed.every((a) => a.scoredAt < '2015-04-21')).toBe(true);
    expect(written.data.history?.days.at(-1)).toBe('2015-04-20');
    const findings = await inspectReport(written.path, testOutput('report-demo-as-of.png'));
    expectSound(findings, await riskiestBefore(day('2015-04-21')));
  });

  it('says there are no results when --as-of is before the first, and still renders whole', async () => {
    const written = await report('report-before-results.html', '2015-01-15');
    expect(written.data.now?.listed).toEqual([]);
    expect(readFileSync(written.path, 'utf8')).toContain('No scoring results of pdm@1 for times before the end of 2015-01-15.');
    const findings = await inspectReport(written.path, testOutput('report-before-results.png'));
    expect([findings.errors, findings.requests, findings.canvases.filter((c) => !c.painted)]).toEqual([[], [], []]);
  });

  it('is a command: --out and --as-of are checked, the page written', () => {
    const out = join(dir.path, 'cli.html');
    const ok = runCli(['--lake', lake, 'report', '--out', out, '--as-of', '2015-05-10']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(out);
    expect(readFileSync(out, 'utf8')).toContain('at the end of 2015-05-10');
    const bad = runCli(['--lake', lake, 'report', '--out', out, '--as-of', '2015-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--as-of: not a calendar date/);
    expect(runCli(['--lake', lake, 'report', '--out', join(dir.path, 'missing', 'r.html')]).stderr).toMatch(/--out: no directory/);
  });

  it('escapes what it embeds', () => {
    expect(escapeHtml(`<b title="x">&'`)).toBe('&#60;b title=&#34;x&#34;&#62;&#38;&#39;');
    const json = jsonForScript({ asset: '</script><!-- \u2028' });
    expect(json).not.toMatch(/[<\u2028]/);
    expect(JSON.parse(json)).toEqual({ asset: '</script><!-- \u2028' });
  });
});
