import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../deliver/report/index.js';
import { readFleetFile } from '../../fleet/load.js';
import { declareAllTables } from '../../jobs/lake-tables.js';
import { mostAtRisk } from '../../ml/risk.js';
import { LakeSession } from '../../sql/duckdb.js';
import { packageRoot } from '../../sql/paths.js';
import { tempDir, type TempDir } from '../helpers.js';
import { expectSound, inspectReport, testOutput } from '../report-page.js';

/**
 * The C-MAPSS FD001 example as a user runs it (examples/cmapss/run.sh): the readings ingested as
 * they are through its fleet definition, then the published test, "fails within 30 cycles?" at
 * the last row of each of the 100 test engines. The figure goes to the log; the assertion only
 * guards against a collapse (25 of 100 engines are positive: predicting all of them gives F1 0.4).
 */
let dir: TempDir;
let output: string;
let status: number | null;

beforeAll(() => {
  dir = tempDir();
  const run = spawnSync('bash', [join(packageRoot, 'examples', 'cmapss', 'run.sh'), join(dir.path, 'lake')], { encoding: 'utf8' });
  output = run.stdout + run.stderr;
  status = run.status;
}, 300_000);
afterAll(() => dir.remove());

describe('the C-MAPSS example', () => {
  it('runs from a clean start and judges the 100 test engines well above chance', () => {
    expect(status, output).toBe(0);
    const lines = output.trim().split('\n');
    const row = lines[lines.length - 2]?.trim().split(/\s+/).map(Number) ?? [];
    const [engines, positives, , , , precision, recall, f1] = row;
    process.stdout.write(`C-MAPSS FD001, last row of each test engine: precision ${precision}, recall ${recall}, F1 ${f1}\n`);
    expect(engines).toBe(100);
    expect(positives).toBe(25);
    expect(f1).toBeGreaterThanOrEqual(0.8);
  });

  it('has a report that renders offline, for a fleet with text ids and one failure class', async () => {
    expect(status, output).toBe(0);
    const fleet = readFleetFile(join(packageRoot, 'examples', 'cmapss', 'lakescore.yaml'));
    const { written, riskiest } = await LakeSession.using(join(dir.path, 'lake'), {}, async (session) => {
      await declareAllTables(session, fleet);
      const [top] = await mostAtRisk(session, fleet, 1);
      return { written: await writeReport(session, fleet, { out: testOutput('report-cmapss.html') }), riskiest: String(top?.machine_id) };
    });
    expect(written.data.model?.classes).toEqual(['none', 'failure']);
    expectSound(await inspectReport(written.path, testOutput('report-cmapss.png')), riskiest);
  });
});
