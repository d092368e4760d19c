/**
 * What an alert decision is made of (docs/decisions.md): the rows it is judged on, the policy a
 * user asks for, and the figures a rule reaches on a period. Shared by choosing a rule at
 * training, applying it at scoring and reporting it.
 */

/**
 * Rows of one period in (asset, ts) order. `failureAt` is the time of the asset's next failure
 * when it falls within the horizon after `ts` (the row is positive), NaN otherwise.
 */
export interface DecisionRows {
  /** Dense asset index, 0..assets-1. */
  asset: Int32Array;
  /** Epoch milliseconds. */
  ts: Float64Array;
  /** 1 - p(no failure). */
  risk: Float64Array;
  failureAt: Float64Array;
}

export type { AlertPolicy, Costs } from '../../fleet/alerts.js';

/** What the rule did on a period: rows, events and (when costs are known) the expected cost. */
export interface EventFigures {
  rows: number;
  assetDays: number;
  /** Rows: "fails within the horizon" against "alert". */
  confusion: { tp: number; fp: number; fn: number; tn: number };
  precision: number;
  recall: number;
  f1: number;
  /** Failure events: distinct (asset, failure time) with a positive row in the period. */
  failures: number;
  caught: number;
  /** Hours from an event's first alert within the horizon to the failure; null without caught failures. */
  leadHoursMedian: number | null;
  leadHoursP10: number | null;
  /** Alert episodes (runs of consecutive alert rows of one asset, at most a horizon long). */
  episodes: number;
  /** Episodes with no positive row: no failure followed within the horizon. */
  falseEpisodes: number;
  falsePer1000AssetDays: number;
  /** Largest count of episodes started on one UTC day. */
  maxStartsPerDay: number;
  /** missed x missedFailure + false episodes x falseAlarm + caught x caughtFailure; null without costs. */
  cost: number | null;
}
