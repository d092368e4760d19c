import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { ingest } from '../bronze/ingest.js';
import { simulate } from '../bronze/simulate/simulate.js';
import { writeReport } from '../deliver/report/index.js';
import { recordDefinition } from '../fleet/definitions.js';
import { builtInFleetText } from '../fleet/load.js';
import { buildGold } from '../gold/build.js';
import { fleetParams } from '../gold/params.js';
import { buildSilver } from '../silver/build.js';
import { LakeSession, type Row } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';
import { DEFAULT_FOREST_PARAMS } from '../ml/forest/index.js';
import { promoteModel } from '../ml/registry.js';
import { mostAtRisk } from '../ml/risk.js';
import { score } from '../ml/score.js';
import { trainModel, type TrainReport } from '../ml/train.js';
import { declareAllTables } from './lake-tables.js';

export interface DemoOptions {
  dir: string;
  machines: number;
  seed: number;
}

export interface DemoReport {
  lake: string;
  trained: TrainReport;
  scoredRows: number;
  atRisk: Row[];
  /** The HTML report written at the end. */
  report: string;
}

/** Reports each step as it finishes, so the demo reads as a story while it runs. */
export type DemoNarrator = (step: string, detail: string, seconds: number) => void;

const MARKER = '.lakescore-demo';
const day = (s: string): Date => new Date(`${s}T00:00:00Z`);

/** The demo owns its directory: it starts afresh, but never deletes a directory it did not make. */
function freshDirectory(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(join(dir, MARKER))) throw new InputError(`${dir} exists and was not made by the demo; choose another --dir`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), 'made by lakescore demo; deleted and remade by the next demo run\n');
}

async function timed<T>(narrate: DemoNarrator, step: string, run: () => Promise<T>, detail: (r: T) => string): Promise<T> {
  const started = Date.now();
  const result = await run();
  narrate(step, detail(result), (Date.now() - started) / 1000);
  return result;
}

/**
 * The whole pipeline on a simulated year: simulate, ingest, build silver and gold, train on the
 * first nine months and evaluate on the rest, promote, score December, list the riskiest machines
 * and write the report page.
 */
export async function runDemo(options: DemoOptions, narrate: DemoNarrator): Promise<DemoReport> {
  freshDirectory(options.dir);
  const data = join(options.dir, 'data');
  const lake = join(options.dir, 'lake');
  await timed(narrate, 'simulate', () => simulate({ machines: options.machines, from: '2015-01-01', days: 365, seed: options.seed, format: 'csv', dirty: 0, out: data }), (s) =>
    `${options.machines} machines x 365 days: ${s.rows.telemetry.toLocaleString('en-US')} telemetry rows, ${s.rows.failures} failures`,
  );
  // the simulator writes the built-in definition's shape, so the demo uses that definition
  const definition = builtInFleetText();
  const { fleet } = definition;
  return LakeSession.using(lake, { write: { command: 'demo', waitSeconds: 0 } }, async (session) => {
    // the demo lake is a lake like any other: it keeps the definition it is built under
    await recordDefinition(session, definition, 'demo', true);
    await timed(narrate, 'ingest', () => ingest(session, fleet, [data]), (r) => `${r.outcomes.length} files into bronze, ${r.outcomes.reduce((n, o) => n + o.rows, 0).toLocaleString('en-US')} rows`);
    await timed(narrate, 'silver', () => buildSilver(session, fleet, { force: false }), (r) => `${r.tables.reduce((n, t) => n + t.silverRows, 0).toLocaleString('en-US')} typed rows, ${r.tables.reduce((n, t) => n + t.quarantined, 0)} quarantined`);
    await timed(narrate, 'gold', () => buildGold(session, { fleet, params: fleetParams(fleet), reset: false }), (r) => `${r.rows.toLocaleString('en-US')} feature rows (every 12 h per machine)`);
    const trained = await timed(
      narrate,
      'train',
      () => trainModel(session, fleet, { name: 'pdm', from: day('2015-01-01'), to: day('2015-10-01'), testTo: day('2016-01-01'), forest: { ...DEFAULT_FOREST_PARAMS, threads: availableParallelism() } }),
      (r) => `pdm@${r.model.meta.version}: ${r.model.meta.forestParams.trees} trees on ${r.train.rows.toLocaleString('en-US')} rows (Jan-Sep), tested on ${r.test.rows.toLocaleString('en-US')} (Oct-Dec)`,
    );
    await timed(narrate, 'promote', () => promoteModel(session, { name: 'pdm', version: trained.model.meta.version }, 'production'), (r) => `pdm@production -> version ${r.version}`);
    const scored = await timed(narrate, 'score', () => score(session, fleet, { name: 'pdm', alias: 'production' }, { mode: 'range', from: day('2015-12-01'), to: day('2016-01-01') }), (r) => `${r.rows.toLocaleString('en-US')} predictions for December, results version ${r.runId}`);
    const atRisk = await mostAtRisk(session, fleet, 10);
    const page = await timed(narrate, 'report', async () => {
      await declareAllTables(session, fleet);
      return writeReport(session, fleet, { out: join(options.dir, 'report.html') });
    }, (r) => `${Math.round(r.bytes / 1024)} KB of HTML: the machines in alert, alerts over time, lead times, the model and its rule, data health, runs`);
    return { lake, trained, scoredRows: scored.rows, atRisk, report: page.path };
  });
}
