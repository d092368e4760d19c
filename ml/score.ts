import { availableParallelism } from 'node:os';
import type { Fleet } from '../fleet/fleet.js';
import { currentGoldParams } from '../gold/tables.js';
import type { TableEntry } from '../sql/catalog.js';
import { type LakeSession } from '../sql/duckdb.js';
import { identifier, timestampText } from '../sql/text.js';
import { InputError } from '../sql/errors.js';
import { failInterrupted, writeLogRow, type RunLog } from '../sql/run-log.js';
import { loadDataset } from './dataset.js';
import { predictProbaParallel } from './forest/index.js';
import { decisionRows, riskOf } from './judge.js';
import { argmaxRows } from './metrics.js';
import type { LoadedModel } from './model-file.js';
import { loadModel, type ModelRef } from './registry.js';
import { runAlerts } from './run-alerts.js';
import type { AlertRule } from './decision/rule.js';
import { whyModelCannotScore } from './model-fits.js';
import { declareResultTables, probabilityColumn, resultsColumns, SCORE_RUNS_COLUMNS } from './results.js';
import { MONITOR_DRIFT_COLUMNS, writeDriftFile } from './monitor/drift-table.js';
import { nightDrift, type NightDrift } from './monitor/night-drift.js';
import { scoredDrift, type DayDrift } from './monitor/scored-drift.js';
import { driftThresholdsFor, type DriftThresholds } from './monitor/thresholds.js';

export type ScoreRange = { mode: 'range'; from: Date; to: Date } | { mode: 'incremental' };

export interface ScoreReport {
  /** undefined when there was nothing to score. */
  runId: number | undefined;
  model: { name: string; version: number };
  from?: Date;
  to?: Date;
  rows: number;
  watermark?: Date;
  /** Assets with an alert among the run's rows; undefined for a model without a rule. */
  assetsAlerted?: number;
  /** The run's rows against the model's training profile; undefined for a model without one. */
  drift?: NightDrift;
  /** Of `seconds`, those spent on drift: counting, judging and writing it. */
  driftSeconds?: number;
  seconds: number;
  interruptedRunsMarked: number;
}

interface RunRecord {
  runId: number;
  fleet: Fleet;
  model: LoadedModel;
  mode: ScoreRange['mode'];
  from: Date;
  to: Date;
  startedAt: Date;
}

/** Test hook: a pause between writing a run's results and publishing them, to kill a run mid-way. */
const PUBLISH_DELAY_MS = Number(process.env.LAKESCORE_TEST_SCORE_DELAY_MS ?? 0);

/** `score_runs`: each run recorded as running before it starts, then with its outcome. */
const SCORE_RUN_LOG: RunLog = {
  table: 'score_runs',
  columns: SCORE_RUNS_COLUMNS,
  directory: 'results/runs',
  interrupted: 'interrupted: the scoring process ended before it finished',
};

async function recordRun(session: LakeSession, run: RunRecord, outcome: { status: string; rows?: number; watermark?: Date; error?: string; results?: string; drift?: string }): Promise<void> {
  const runsFile = await writeLogRow(session, SCORE_RUN_LOG, {
    run_id: run.runId,
    model_name: run.model.meta.name,
    model_version: run.model.meta.version,
    mode: run.mode,
    range_from: timestampText(run.from),
    range_to: timestampText(run.to),
    row_count: outcome.rows ?? null,
    watermark: outcome.watermark ? timestampText(outcome.watermark) : null,
    status: outcome.status,
    started_at: timestampText(run.startedAt),
    finished_at: outcome.status === 'running' ? null : timestampText(new Date()),
    error: outcome.error ?? null,
  });
  const tables: Record<string, TableEntry> = { score_runs: { files: [runsFile], columns: SCORE_RUNS_COLUMNS } };
  if (outcome.results) tables.results = { files: [...session.filesOf('results'), outcome.results], columns: resultsColumns(run.fleet) };
  if (outcome.drift) tables.monitor_drift = { files: [...session.filesOf('monitor_drift'), outcome.drift], columns: MONITOR_DRIFT_COLUMNS };
  await session.commit({ tables, counters: { score_run: run.runId } });
}

/** Marks runs left `running` by a dead process as failed; returns how many there were. */
export async function failInterruptedRuns(session: LakeSession, fleet: Fleet): Promise<number> {
  await declareResultTables(session, fleet);
  return failInterrupted(session, SCORE_RUN_LOG);
}

/**
 * [from, to) for this run: as asked, or every gold row after the model's last successful run,
 * up to the end of the last one's step. That end is the range a run of those days by hand would
 * record; one night of a daily feed is [day, next day), not a range that ends where it starts.
 */
async function resolveRange(session: LakeSession, fleet: Fleet, model: LoadedModel, range: ScoreRange): Promise<{ from: Date; to: Date } | undefined> {
  if (range.mode === 'range') return { from: range.from, to: range.to };
  const [mark] = await session.queryFile('ml', 'watermark.sql', { model_name: model.meta.name });
  const after = mark?.watermark instanceof Date ? mark.watermark : new Date(0);
  const [extent] = await session.queryFile('ml', 'gold_extent.sql', { after: timestampText(after) });
  if (!(extent?.first_ts instanceof Date) || !(extent.last_ts instanceof Date)) return undefined;
  const { step } = await currentGoldParams(session, fleet);
  return { from: extent.first_ts, to: new Date(extent.last_ts.getTime() + step.seconds * 1000) };
}

const probabilityList = (labels: readonly string[], typed: boolean): string =>
  labels.map((label) => `${identifier(probabilityColumn(label))}${typed ? ' DOUBLE' : ''}`).join(', ');

const secondsSince = (startedMs: number): number => (performance.now() - startedMs) / 1000;

/**
 * Writes the run's predictions to the temp table `predictions`, and returns the drift of its
 * rows per day from the model's training profile (none for a model trained before profiles),
 * with the seconds that took.
 */
async function writePredictions(session: LakeSession, model: LoadedModel & { alertRule: AlertRule | undefined }, span: { from: Date; to: Date }, thresholds: DriftThresholds): Promise<{ days: DayDrift[]; seconds: number }> {
  const { from, to } = span;
  const labels = model.meta.classes;
  const data = await loadDataset(session, {
    encoding: model.meta.encoding,
    classes: labels,
    from,
    to,
    horizonSeconds: model.meta.featureParams.horizon.seconds,
    labelCutoff: to,
    keep: 'all',
  });
  const classes = labels.length;
  const probabilities = await predictProbaParallel(model.forest, data.features, availableParallelism());
  const predicted = argmaxRows(probabilities, classes);
  const risk = riskOf(probabilities, classes);
  const diagnosis = argmaxRows(probabilities, classes, 1);
  const { step, horizon } = model.meta.featureParams;
  const alerts = await runAlerts(session, { name: model.meta.name, rule: model.alertRule }, decisionRows(data, risk), { from, to }, { stepMs: step.seconds * 1000, horizonMs: horizon.seconds * 1000 });
  await session.runFile('ml', 'predictions.sql', { from: timestampText(from), to: timestampText(to) }, { probabilities: probabilityList(labels, true) });
  const appender = await session.connection.createAppender('predictions', 'main', 'temp');
  for (let r = 0; r < data.rows; r++) {
    appender.appendBigInt(BigInt(r));
    for (let c = 0; c < classes; c++) appender.appendDouble(probabilities[r * classes + c] as number);
    appender.appendVarchar(labels[predicted[r] as number] as string);
    appender.appendDouble(risk[r] as number);
    if (alerts) appender.appendBoolean(alerts[r] === 1);
    else appender.appendNull();
    appender.appendVarchar(labels[diagnosis[r] as number] as string);
    appender.endRow();
  }
  appender.closeSync();
  const { profile } = model.meta;
  const driftStarted = performance.now();
  const days = profile ? scoredDrift(profile, model.meta.encoding, { features: data.features, risk, ts: data.ts }, thresholds) : [];
  return { days, seconds: secondsSince(driftStarted) };
}

/**
 * Scores gold with a model and publishes the predictions as a new results version. The run is
 * recorded as running first; its results become visible only together with its `succeeded`
 * record, in one commit. A failure is recorded as failed, with the error.
 */
export async function score(session: LakeSession, fleet: Fleet, ref: ModelRef, range: ScoreRange): Promise<ScoreReport> {
  const started = new Date();
  const interruptedRunsMarked = await failInterruptedRuns(session, fleet);
  const model = await loadModel(session, ref);
  const unfit = whyModelCannotScore(session, fleet, model);
  if (unfit !== undefined) throw new InputError(`model ${model.meta.name}@${model.meta.version} cannot score this gold: ${unfit}`);
  const modelId = { name: model.meta.name, version: model.meta.version };
  const thresholds = driftThresholdsFor(fleet);
  const span = await resolveRange(session, fleet, model, range);
  if (!span) return { runId: undefined, model: modelId, rows: 0, seconds: (Date.now() - started.getTime()) / 1000, interruptedRunsMarked };
  if (span.from >= span.to) throw new InputError(`--from must be before --to`);
  const run: RunRecord = { runId: (session.catalog.counters.score_run ?? 0) + 1, fleet, model, mode: range.mode, ...span, startedAt: started };
  await recordRun(session, run, { status: 'running' });
  try {
    const { days: drift, seconds: dayDriftSeconds } = await writePredictions(session, model, span, thresholds);
    const resultsFile = `results/run-${String(run.runId).padStart(8, '0')}-${session.writerId}.parquet`;
    const [written] = await session.queryFile(
      'ml',
      'write_results.sql',
      { out: session.dataFile(resultsFile), run_id: run.runId, model_name: model.meta.name, model_version: model.meta.version, scored_at: timestampText(new Date()) },
      { probabilities: probabilityList(model.meta.classes, false) },
    );
    const rows = Number(written?.row_count ?? 0);
    const watermark = written?.watermark instanceof Date ? written.watermark : undefined;
    const { profile } = model.meta;
    const driftStarted = performance.now();
    const night = profile ? await nightDrift(session, { ...modelId, profile }, drift, thresholds) : undefined;
    const driftFile = drift.length ? await writeDriftFile(session, { runId: run.runId, modelName: modelId.name, modelVersion: modelId.version }, drift) : undefined;
    const driftSeconds = dayDriftSeconds + secondsSince(driftStarted);
    if (PUBLISH_DELAY_MS > 0) await new Promise((resolve) => setTimeout(resolve, PUBLISH_DELAY_MS));
    await recordRun(session, run, { status: 'succeeded', rows, ...(watermark ? { watermark } : {}), results: resultsFile, ...(driftFile ? { drift: driftFile } : {}) });
    const alerted = model.alertRule ? { assetsAlerted: Number(written?.assets_alerted ?? 0) } : {};
    const drifted = night ? { drift: night } : {};
    return { runId: run.runId, model: modelId, ...span, rows, ...(watermark ? { watermark } : {}), ...alerted, ...drifted, driftSeconds, seconds: (Date.now() - started.getTime()) / 1000, interruptedRunsMarked };
  } catch (err) {
    await recordRun(session, run, { status: 'failed', error: (err as Error).message });
    throw err;
  }
}
