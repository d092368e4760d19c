import type { Columns } from '../../sql/catalog.js';
import type { LakeSession, Row } from '../../sql/duckdb.js';
import { writeLogRow, type LogTable } from '../../sql/run-log.js';
import { timestampText } from '../../sql/text.js';
import type { Span } from './ranges.js';

/**
 * `model_evaluations` (docs/retraining.md): one row per retrain decision, both models' figures
 * on the one holdout, whether the challenger was promoted and why. A promotion goes out in the
 * same commit as its row.
 */

export const MODEL_EVALUATIONS_COLUMNS: Columns = [
  ['evaluation_id', 'BIGINT'],
  ['evaluated_at', 'TIMESTAMP'],
  ['name', 'VARCHAR'],
  ['alias', 'VARCHAR'],
  /** NAME@VERSION; NULL when the alias named no model. */
  ['champion', 'VARCHAR'],
  ['challenger', 'VARCHAR'],
  ['window_from', 'TIMESTAMP'],
  ['window_to', 'TIMESTAMP'],
  ['holdout_from', 'TIMESTAMP'],
  ['holdout_to', 'TIMESTAMP'],
  ['label_cutoff', 'TIMESTAMP'],
  ['holdout_rows', 'BIGINT'],
  ['holdout_failures', 'BIGINT'],
  ['metric', 'VARCHAR'],
  ['margin', 'DOUBLE'],
  ['champion_value', 'DOUBLE'],
  ['challenger_value', 'DOUBLE'],
  /** JSON: each model's figures on the holdout (docs/retraining.md#the-record). */
  ['figures', 'VARCHAR'],
  ['promoted', 'BOOLEAN'],
  ['reason', 'VARCHAR'],
];

const EVALUATIONS_LOG: LogTable = { table: 'model_evaluations', columns: MODEL_EVALUATIONS_COLUMNS, directory: 'models/_evaluations' };

/** The catalog counter of evaluation ids: like every id, never handed out twice. */
export const EVALUATION_COUNTER = 'model_evaluation';

export async function declareEvaluationTable(session: LakeSession): Promise<void> {
  await session.ensureTableColumns('model_evaluations', MODEL_EVALUATIONS_COLUMNS);
}

export interface EvaluationRecord {
  evaluationId: number;
  evaluatedAt: Date;
  name: string;
  alias: string;
  champion: string | null;
  challenger: string;
  window: Span;
  holdout: Span;
  cutoff: Date;
  holdoutRows: number;
  holdoutFailures: number;
  metric: string;
  margin: number;
  championValue: number | null;
  challengerValue: number | null;
  figures: unknown;
  promoted: boolean;
  reason: string;
}

/** Writes the table with the record added, and returns its file for the decision's commit. */
export async function writeEvaluation(session: LakeSession, record: EvaluationRecord): Promise<string> {
  await declareEvaluationTable(session);
  return writeLogRow(session, EVALUATIONS_LOG, {
    evaluation_id: record.evaluationId,
    evaluated_at: timestampText(record.evaluatedAt),
    name: record.name,
    alias: record.alias,
    champion: record.champion,
    challenger: record.challenger,
    window_from: timestampText(record.window.from),
    window_to: timestampText(record.window.to),
    holdout_from: timestampText(record.holdout.from),
    holdout_to: timestampText(record.holdout.to),
    label_cutoff: timestampText(record.cutoff),
    holdout_rows: record.holdoutRows,
    holdout_failures: record.holdoutFailures,
    metric: record.metric,
    margin: record.margin,
    champion_value: record.championValue,
    challenger_value: record.challengerValue,
    figures: JSON.stringify(record.figures),
    promoted: record.promoted,
    reason: record.reason,
    // names the table's file only
    status: record.promoted ? 'promoted' : 'kept',
  });
}

/**
 * How much earlier than `every` after the last decision a night may come and still be due: a
 * night starts when cron starts it and retrains after ingest and the builds, which take longer on
 * some nights than on others, so a decision exactly `every` ago may look a few minutes short.
 * Half a day (at most half of `every`) keeps a weekly cadence weekly (docs/retraining.md#for-the-nightly-job).
 */
export const dueSlackSeconds = (everySeconds: number): number => Math.min(everySeconds / 2, 12 * 3600);

/**
 * Whether a name is due a retrain: no decision about it was made in the `everySeconds` (less the
 * slack) before `now`; none ever counts as due.
 */
export async function retrainDue(session: LakeSession, name: string, everySeconds: number, now: Date): Promise<boolean> {
  await declareEvaluationTable(session);
  const [row] = await session.queryFile('ml', 'retrain/latest_evaluation.sql', { name });
  const latest = row?.latest;
  return !(latest instanceof Date) || latest.getTime() <= now.getTime() - (everySeconds - dueSlackSeconds(everySeconds)) * 1000;
}

/** The newest decisions (of those `model`, NAME@VERSION, took part in, when given), newest first. */
export async function latestEvaluations(session: LakeSession, limit: number, model?: string): Promise<Row[]> {
  await declareEvaluationTable(session);
  return session.queryFile('ml', 'retrain/evaluations.sql', { model: model ?? null, limit });
}
