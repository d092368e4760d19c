import { z } from 'zod';
import { latestEvaluations } from '../../ml/retrain/evaluations.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { InputError } from '../../sql/errors.js';
import { minuteText } from './times.js';

/** The newest retrain decisions of model_evaluations (docs/retraining.md), as the page lists them. */

export interface RetrainDecision {
  id: number;
  /** UTC, to the minute. */
  at: string;
  /** NAME@VERSION; null when the alias named no model. */
  champion: string | null;
  challenger: string;
  metric: string;
  championValue: number | null;
  challengerValue: number | null;
  /** [from, to) of the holdout both were judged on, UTC days. */
  holdout: { from: string; to: string; rows: number };
  promoted: boolean;
  reason: string;
}

const rowSchema = z.object({
  evaluation_id: z.number().int(),
  evaluated_at: z.date(),
  challenger: z.string(),
  champion: z.string().nullable(),
  metric: z.string(),
  challenger_value: z.number().nullable(),
  champion_value: z.number().nullable(),
  holdout_from: z.date(),
  holdout_to: z.date(),
  holdout_rows: z.number().int(),
  promoted: z.boolean(),
  reason: z.string(),
});

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The `limit` newest decisions of every model name, newest first. */
export async function retrainDecisions(session: LakeSession, limit: number): Promise<RetrainDecision[]> {
  return (await latestEvaluations(session, limit)).map((raw) => {
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) throw new InputError(`model_evaluations: a row lakescore did not write (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
    const r = parsed.data;
    return {
      id: r.evaluation_id,
      at: minuteText(r.evaluated_at),
      champion: r.champion,
      challenger: r.challenger,
      metric: r.metric,
      championValue: r.champion_value,
      challengerValue: r.challenger_value,
      holdout: { from: day(r.holdout_from), to: day(r.holdout_to), rows: r.holdout_rows },
      promoted: r.promoted,
      reason: r.reason,
    };
  });
}
