import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../deliver/report/index.js';
import { readFleetFile } from '../../fleet/load.js';
import { declareAllTables } from '../../jobs/lake-tables.js';
import { mostAtRisk } from '../../ml/risk.js';
import { LakeSession } from '../../sql/duckdb.js';
import { packageRoot } from '../../sql/paths.js';
import { tempDir, type TempDir } from '../helpers.js';

const CMAPSS_DATA = resolve(packageRoot, '..', 'shared', 'data', 'cmapss');
import { expectSound, inspectReport, testOutput } from '../report-page.js';

/**
 * The C-MAPSS example as a user runs it (examples/cmapss/run.sh): the readings ingested as they
 * are through its one fleet definition, then the published test, "fails within 30 cycles?" at the
 * last row of each test engine. FD001 runs from the repository; FD002 (six operating conditions,
 * which the definition's regimes normalise) from a copy of the folder elsewhere, with only the
 * data directory, the subset and `lakescore` on PATH, as a user who copied it would. The figures
 * go to the log; the assertions guard against a collapse (predicting every engine positive gives
 * F1 0.40 on FD001 and 0.38 on FD002).
 */
let dir: TempDir;
const runs: Record<string, { output: string; status: number | null }> = {};

/** A `lakescore` command on PATH that runs this checkout's build, as an installed one would. */
function installedLakescore(bin: string): string {
  mkdirSync(bin, { recursive: true });
  const shim = join(bin, 'lakescore');
  writeFileSync(shim, `#!/bin/sh\nexec node ${JSON.stringify(join(packageRoot, 'dist', 'cli', 'main.js'))} "$@"\n`);
  chmodSync(shim, 0o755);
  return bin;
}

beforeAll(() => {
  dir = tempDir();
  const fromRepo = spawnSync('bash', [join(packageRoot, 'examples', 'cmapss', 'run.sh'), join(dir.path, 'lake')], { encoding: 'utf8' });
  runs.FD001 = { output: fromRepo.stdout + fromRepo.stderr, status: fromRepo.status };
  const copy = join(dir.path, 'copied-example');
  cpSync(join(packageRoot, 'examples', 'cmapss'), copy, { recursive: true });
  const bin = installedLakescore(join(dir.path, 'bin'));
  const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir.path };
  const copied = spawnSync('bash', [join(copy, 'run.sh'), join(dir.path, 'lake-fd002'), 'FD002', CMAPSS_DATA], { encoding: 'utf8', cwd: dir.path, env });
  runs.FD002 = { output: copied.stdout + copied.stderr, status: copied.status };
}, 600_000);
afterAll(() => dir.remove());

describe('the C-MAPSS example', () => {
  it.each([
    ['FD001', 100, 25],
    ['FD002', 259, 61],
  ])('runs %s from a clean start and judges its %i test engines well above chance', (subset, engineCount, positiveCount) => {
    const run = runs[subset] as { output: string; status: number | null };
    expect(run.status, run.output).toBe(0);
    const lines = run.output.trim().split('\n');
    const row = lines[lines.length - 2]?.trim().split(/\s+/).map(Number) ?? [];
    const [engines, positives, , , , precision, recall, f1] = row;
    process.stdout.write(`C-MAPSS ${subset}, last row of each test engine: precision ${precision}, recall ${recall}, F1 ${f1}\n`);
    expect(engines).toBe(engineCount);
    expect(positives).toBe(positiveCount);
    expect(f1).toBeGreaterThanOrEqual(0.85);
  });

  it('refuses a subset whose files are not in the data directory, in one line with exit 2', () => {
    const run = spawnSync('bash', [join(packageRoot, 'examples', 'cmapss', 'run.sh'), join(dir.path, 'lake-none'), 'FD009', CMAPSS_DATA], { encoding: 'utf8' });
    expect([run.status, run.stderr.trim()]).toEqual([2, `run.sh: ${CMAPSS_DATA}/train_FD009.txt(.gz) not found: is FD009 a subset in ${CMAPSS_DATA}?`]);
  });

  it('has a report that renders offline, for a fleet with text ids and one failure class', async () => {
    expect(runs.FD001?.status, runs.FD001?.output).toBe(0);
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
