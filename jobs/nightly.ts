import { ingest, type FileOutcome } from '../bronze/ingest.js';
import { exportToPostgres, type ExportReport } from '../deliver/postgres/export.js';
import type { Fleet } from '../fleet/fleet.js';
import type { GoldBuildReport } from '../gold/build.js';
import { refreshGold } from '../gold/refresh.js';
import { buildSilver, type SilverBuildReport } from '../silver/build.js';
import type { LakeSession } from '../sql/duckdb.js';
import { vacuumLake, type Retention, type VacuumReport } from '../sql/vacuum.js';
import { recordFailedStep } from './failed-steps.js';
import { formatRef, registeredModel, type ModelRef } from '../ml/registry.js';
import { score, type ScoreReport } from '../ml/score.js';
import { driftedNames } from '../ml/monitor/night-drift.js';
import { monitorPerformance, type PerformanceNight } from '../ml/monitor/performance-night.js';
import { retrain, retrainDue, type RetrainReport } from '../ml/retrain/retrain.js';
import type { Duration } from '../fleet/duration.js';
import { TooLittleDataError } from '../sql/errors.js';

export interface NightlyReport {
  files: FileOutcome[];
  silver: SilverBuildReport;
  gold: GoldBuildReport | undefined;
  /**
   * Present when the night retrains (`--retrain-every`): the decision, `notDue` while one was
   * made within the interval, or a failure, reported rather than thrown so the champion still scores.
   */
  retrain: { report: RetrainReport } | { notDue: Duration } | { notYet: string } | { failure: unknown } | undefined;
  /** Skipped, and why, until a model of the name exists. */
  score: ScoreReport | { skipped: string };
  /** The predictions whose horizon passed since the last night, judged against what happened. */
  monitor: PerformanceNight;
  /** Present when the night exports; a failed export is reported, not thrown, since the night's scoring stands. */
  exported: { report: ExportReport } | { failure: unknown } | undefined;
  /** Present when the night ended with a vacuum. */
  vacuum: VacuumReport | undefined;
  seconds: number;
}

const secondsSince = (started: Date): number => (Date.now() - started.getTime()) / 1000;

/**
 * Runs (part of) a step; when it fails, writes the step's log line and publishes it in
 * `failed_steps`. That record is a courtesy: when it cannot be written (the disk full, another
 * writer's commit), the step's own error is what the night ends with.
 */
async function failureRecorded<T>(session: LakeSession, name: string, started: Date, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    session.log({ command: 'run', step: name, status: 'failed', seconds: secondsSince(started), error: (err as Error).message });
    await recordFailedStep(session, { step: name, startedAt: started, error: err }).catch(() => undefined);
    throw err;
  }
}

/** Times one step and writes its log line, with the counts the step reports; a failure is recorded. */
async function step<T>(session: LakeSession, name: string, run: () => Promise<T>, counts: (result: T) => Record<string, unknown>): Promise<T> {
  const started = new Date();
  const result = await failureRecorded(session, name, started, run);
  session.log({ command: 'run', step: name, status: 'ok', seconds: secondsSince(started), ...counts(result) });
  return result;
}

/** A step whose failure is the night's last word, not its end: the steps after it still run. */
async function reported<T>(run: () => Promise<T>): Promise<{ report: T } | { failure: unknown }> {
  try {
    return { report: await run() };
  } catch (failure) {
    return { failure };
  }
}

export interface NightlyOptions {
  inbox: string;
  model: ModelRef;
  /** A PostgreSQL table to deliver new results to, connected through the PG* environment. */
  exportTable: string | undefined;
  vacuum: Retention | undefined;
  /** Retrain the model's name when no decision about it was made in this long; needs `model.alias`. */
  retrainEvery: Duration | undefined;
}

/**
 * Retrains when it is due (docs/retraining.md#for-the-nightly-job), after gold is refreshed and
 * before scoring, so that a promoted challenger scores this very night. A retrain that fails
 * leaves the champion in place; the night goes on and ends with the failure.
 */
async function retrainStep(session: LakeSession, fleet: Fleet, model: ModelRef, every: Duration): Promise<NightlyReport['retrain']> {
  const alias = model.alias;
  if (alias === undefined) throw new Error(`retrainStep needs a model alias, got ${formatRef(model)}`);
  const now = new Date();
  if (!(await failureRecorded(session, 'retrain', now, () => retrainDue(session, model.name, every.seconds, now)))) {
    session.log({ command: 'run', step: 'retrain', status: 'skipped', seconds: 0, reason: `not due: a decision about ${model.name} was made within ${every.text}` });
    return { notDue: every };
  }
  const outcome = await reported(() =>
    step(session, 'retrain', () => retrainOrWait(session, fleet, { name: model.name, alias, now }), (r) =>
      'notYet' in r
        ? { status: 'skipped', reason: `not yet: ${r.notYet}` }
        : { evaluation_id: r.evaluationId, challenger: r.challenger.id, champion: r.champion?.id ?? null, promoted: r.promoted, reason: r.reason },
    ),
  );
  return 'report' in outcome && 'notYet' in outcome.report ? { notYet: outcome.report.notYet } : (outcome as { report: RetrainReport } | { failure: unknown });
}

/**
 * A retrain, or why a name without a model must wait: a new fleet's first weeks are too short to
 * train on, and its nights say so and succeed until the data allows the first model.
 */
async function retrainOrWait(session: LakeSession, fleet: Fleet, options: { name: string; alias: string; now: Date }): Promise<RetrainReport | { notYet: string }> {
  try {
    return await retrain(session, fleet, options);
  } catch (err) {
    if (err instanceof TooLittleDataError && (await registeredModel(session, { name: options.name })) === undefined) return { notYet: err.message };
    throw err;
  }
}

/** Delivers what scoring added since the last nightly export, catching up nights whose export failed. */
async function exportStep(session: LakeSession, fleet: Fleet, table: string): Promise<NightlyReport['exported']> {
  return reported(() =>
    step(session, 'export', () => exportToPostgres(session, fleet, { url: undefined, table, columns: undefined, selection: { kind: 'nightly' } }), (r) => ({
      export_id: r.exportId ?? null,
      rows: r.rows,
      target: r.target,
      table: r.table,
    })),
  );
}

/**
 * A new fleet is fed for weeks before it can be trained: while no model of the name exists, the
 * night skips scoring and says so. A name that has models but not the alias or version asked for
 * is a mistake (a typo in the cron line), and fails as scoring does.
 */
async function scoreStep(session: LakeSession, fleet: Fleet, model: ModelRef): Promise<NightlyReport['score']> {
  const noModelYet = async (): Promise<boolean> => model.version === undefined && (await registeredModel(session, { name: model.name })) === undefined;
  if (await failureRecorded(session, 'score', new Date(), noModelYet)) {
    const promote = model.alias === undefined ? '' : `, then \`lakescore models promote ${model.name}@N --alias ${model.alias}\``;
    const skipped = `no model ${formatRef(model)} yet: scoring skipped (no model named ${model.name} is registered: train one${promote})`;
    session.log({ command: 'run', step: 'score', status: 'skipped', seconds: 0, reason: skipped });
    return { skipped };
  }
  return step(session, 'score', () => score(session, fleet, model, { mode: 'incremental' }), (r) => ({
    run_id: r.runId ?? null,
    rows: r.rows,
    model: `${r.model.name}@${r.model.version}`,
    // for an operator's tools: how many assets the night alerted (null: the model has no rule),
    // and the features that drifted from training (null: nothing scored, or a model without a profile)
    assets_alerted: r.assetsAlerted ?? null,
    drifted: r.drift ? driftedNames(r.drift) : null,
    drift_seconds: r.driftSeconds ?? null,
  }));
}

/**
 * The nightly job: load what is new in the inbox, rebuild silver and the gold range it affects,
 * retrain when it is due, score everything after the model's watermark, export it if asked, and judge the predictions
 * that matured. Every step is a no-op
 * when there is nothing new for it, so running it twice does no harm and no duplicate work.
 */
export async function nightlyRun(session: LakeSession, fleet: Fleet, options: NightlyOptions): Promise<NightlyReport> {
  const { inbox, model, vacuum } = options;
  const started = Date.now();
  const files = (
    await step(session, 'ingest', () => ingest(session, fleet, [inbox]), (r) => ({
      loaded: r.outcomes.filter((o) => o.status === 'loaded').length,
      skipped: r.outcomes.filter((o) => o.status === 'skipped').length,
      rejected: r.outcomes.filter((o) => o.status === 'rejected').length,
      rows: r.outcomes.reduce((n, o) => n + o.rows, 0),
    }))
  ).outcomes;
  const silver = await step(session, 'silver', () => buildSilver(session, fleet, { force: false }), (r) => ({
    build_id: r.buildId ?? null,
    rows: r.tables.reduce((n, t) => n + t.silverRows, 0),
    quarantined: r.tables.reduce((n, t) => n + t.quarantined, 0),
  }));
  const gold = await step(session, 'gold', () => refreshGold(session, fleet), (r) => ({
    build_id: r?.buildId ?? null,
    rows: r?.rows ?? 0,
    from: r?.from.toISOString() ?? null,
    to: r?.to.toISOString() ?? null,
  }));
  const retrained = options.retrainEvery === undefined ? undefined : await retrainStep(session, fleet, model, options.retrainEvery);
  const scored = await scoreStep(session, fleet, model);
  const exported = options.exportTable === undefined ? undefined : await exportStep(session, fleet, options.exportTable);
  // after the export: judging the past must not hold back tonight's delivery
  const monitor = await step(session, 'monitor', () => monitorPerformance(session, fleet), (r) => ({
    night: r.night ?? null,
    matured_to: r.maturedTo?.toISOString() ?? null,
    versions: r.versions.map((v) => ({ model: `${v.name}@${v.version}`, rows: v.rows, failures: v.failures, caught: v.caught, precision: v.precision, recall: v.recall })),
  }));
  const vacuumed = vacuum
    ? await step(session, 'vacuum', async () => vacuumLake(session, vacuum), (r) => ({ versions: r.removedVersions.length, files: r.removedFiles, bytes: r.freedBytes }))
    : undefined;
  return { files, silver, gold, retrain: retrained, score: scored, monitor, exported, vacuum: vacuumed, seconds: (Date.now() - started) / 1000 };
}
