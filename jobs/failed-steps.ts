import type { Columns } from '../sql/catalog.js';
import type { LakeSession } from '../sql/duckdb.js';
import { excerpt } from '../sql/errors.js';
import { writeLogRow, type LogTable } from '../sql/run-log.js';
import { timestampText } from '../sql/text.js';

/**
 * `failed_steps`: every step of a nightly run that failed, with its one-line reason, so that
 * `lakescore runs` shows which step failed and why even where the step keeps no record of its own
 * (a silver or gold build that fails publishes nothing).
 */
export const FAILED_STEPS_COLUMNS: Columns = [
  ['step_id', 'BIGINT'],
  ['step', 'VARCHAR'],
  ['status', 'VARCHAR'],
  ['started_at', 'TIMESTAMP'],
  ['finished_at', 'TIMESTAMP'],
  ['error', 'VARCHAR'],
];

const FAILED_STEPS_LOG: LogTable = { table: 'failed_steps', columns: FAILED_STEPS_COLUMNS, directory: 'jobs' };

export async function declareFailedSteps(session: LakeSession): Promise<void> {
  await session.ensureTableColumns('failed_steps', FAILED_STEPS_COLUMNS);
}

/** The first line of an error, as `runs` shows it: an engine's message may run over many. */
const reasonOf = (err: unknown): string => excerpt((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '', 300);

/**
 * Publishes a failed step. It is a record of a failure, so nothing staged for the step's own
 * commit goes out with it.
 */
export async function recordFailedStep(session: LakeSession, failure: { step: string; startedAt: Date; error: unknown }): Promise<void> {
  await declareFailedSteps(session);
  const stepId = (session.catalog.counters.failed_step ?? 0) + 1;
  const file = await writeLogRow(session, FAILED_STEPS_LOG, {
    step_id: stepId,
    step: failure.step,
    status: 'failed',
    started_at: timestampText(failure.startedAt),
    finished_at: timestampText(new Date()),
    error: reasonOf(failure.error),
  });
  await session.commit({ tables: { failed_steps: { files: [file], columns: FAILED_STEPS_COLUMNS } }, counters: { failed_step: stepId } }, false);
}
