import type { Fleet } from '../../fleet/fleet.js';
import { declareGoldTables } from '../../gold/tables.js';
import { declareSilverTables } from '../../silver/tables.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { timestampText } from '../../sql/text.js';
import { listParam } from '../../sql/values.js';
import type { DecisionRows } from '../decision/types.js';
import { declareModelTables } from '../registry.js';
import { declareResultTables } from '../results.js';
import { riskExpression } from '../risk.js';
import { judgeNight, type NightWindow, type OpenEvents } from './performance-judge.js';
import { scoredVersions, type ScoredVersion } from './performance-models.js';
import { realisedFigures } from './performance-rollup.js';
import { declarePerformanceTables, NIGHT_COUNTER, NightWriter, type VersionId } from './performance-table.js';

/**
 * The nightly step of realised performance (docs/monitoring.md#realised-performance): every model
 * version's predictions whose horizon passed since the last night are judged against what the data
 * now says, and the per-day figures are published as one new file of `monitor_performance`.
 */

/** What one version's night judged. */
export interface NightVersion extends VersionId {
  /** The predictions judged: ts in (after, through]; `after` undefined on the version's first night. */
  after: Date | undefined;
  through: Date;
  rows: number;
  /** Failure events judged tonight, and how many were alerted beforehand (null: no rule). */
  failures: number;
  caught: number | null;
  /** Whether tonight's failures are enough to give rates (MIN_FAILURES); precision and recall are null when not. */
  enough: boolean;
  precision: number | null;
  recall: number | null;
}

export interface PerformanceNight {
  /** The night's number; undefined when nothing had matured since the last one (nothing was written). */
  night: number | undefined;
  /** The label cutoff the night judged by: the newest gold build's. */
  maturedTo: Date | undefined;
  versions: NightVersion[];
  seconds: number;
}

/** A night's window for a version: the predictions whose ts + horizon passed the cutoff since its last night. */
function windowOf(v: ScoredVersion, cutoff: Date): NightWindow | undefined {
  const through = cutoff.getTime() - v.grid.horizonMs;
  const after = v.maturedTo === undefined ? -Infinity : v.maturedTo.getTime() - v.grid.horizonMs;
  return through > after ? { after, through } : undefined;
}

interface MaturedRows {
  rows: DecisionRows;
  alerts: Uint8Array;
  /** Each asset index's id as text; indices follow the rows' order. */
  keys: string[];
  indexOf: Map<string, number>;
}

const msOrNull = (ms: number): string | null => (Number.isFinite(ms) ? timestampText(new Date(ms)) : null);

/** The window's predictions, streamed into typed arrays: the only rows of `results` the night reads. */
async function maturedRows(session: LakeSession, fleet: Fleet, v: ScoredVersion, window: NightWindow): Promise<MaturedRows> {
  const columns: { asset: number[]; ts: number[]; risk: number[]; failureAt: number[]; alert: number[] } = { asset: [], ts: [], risk: [], failureAt: [], alert: [] };
  const keys: string[] = [];
  const indexOf = new Map<string, number>();
  const params = { model_name: v.name, model_version: v.version, after: msOrNull(window.after), through: msOrNull(window.through), horizon_s: v.grid.horizonMs / 1000 };
  for await (const chunk of session.chunksOfFile('ml', 'monitor/performance_rows.sql', params, { risk: riskExpression(fleet) })) {
    const [key, ts, risk, alert, failure] = [0, 1, 2, 3, 4].map((i) => chunk.getColumnVector(i));
    for (let r = 0; r < chunk.rowCount; r++) {
      const id = String(key?.getItem(r));
      let asset = indexOf.get(id);
      if (asset === undefined) {
        asset = keys.push(id) - 1;
        indexOf.set(id, asset);
      }
      const failureAt = failure?.getItem(r);
      columns.asset.push(asset);
      columns.ts.push(Number(ts?.getItem(r)));
      columns.risk.push(Number(risk?.getItem(r)));
      columns.alert.push(alert?.getItem(r) === true ? 1 : 0);
      columns.failureAt.push(failureAt === null || failureAt === undefined ? NaN : Number(failureAt));
    }
  }
  const rows = { asset: Int32Array.from(columns.asset), ts: Float64Array.from(columns.ts), risk: Float64Array.from(columns.risk), failureAt: Float64Array.from(columns.failureAt) };
  return { rows, alerts: Uint8Array.from(columns.alert), keys, indexOf };
}

const numberOr = (value: unknown, missing: number): number => (value === null || value === undefined ? missing : Number(value));

/** The version's open events, their assets numbered after the window's (new indices are added to `matured`). */
async function openEventsOf(session: LakeSession, v: ScoredVersion, matured: MaturedRows): Promise<OpenEvents> {
  const open: OpenEvents = { episodes: [], failures: [] };
  for (const r of await session.queryFile('ml', 'monitor/performance_open.sql', { model_name: v.name, model_version: v.version })) {
    const id = String(r.asset_key);
    let asset = matured.indexOf.get(id);
    if (asset === undefined) {
      asset = matured.keys.push(id) - 1;
      matured.indexOf.set(id, asset);
    }
    if (r.episode_start_ms !== null) open.episodes.push({ asset, start: Number(r.episode_start_ms), last: Number(r.episode_last_ms), positive: r.episode_positive === true });
    if (r.failure_ms !== null) open.failures.push({ asset, at: Number(r.failure_ms), firstAlert: numberOr(r.failure_first_alert_ms, NaN) });
  }
  return open;
}

async function labelCutoff(session: LakeSession): Promise<Date | undefined> {
  const [build] = await session.queryFile('ml', 'data_end.sql');
  return build?.label_cutoff instanceof Date ? build.label_cutoff : undefined;
}

async function declareTables(session: LakeSession, fleet: Fleet): Promise<void> {
  await declareSilverTables(session, fleet);
  await declareGoldTables(session, fleet);
  await declareModelTables(session);
  await declareResultTables(session, fleet);
  await declarePerformanceTables(session);
}

/** Judges one version's window into the writer; undefined when nothing was judged. */
async function judgeVersion(session: LakeSession, fleet: Fleet, v: ScoredVersion, window: NightWindow, writer: NightWriter): Promise<NightVersion | undefined> {
  const matured = await maturedRows(session, fleet, v, window);
  const open = await openEventsOf(session, v, matured);
  const judged = judgeNight(matured.rows, v.rule ? matured.alerts : null, v.grid, window, open);
  if (judged.days.length === 0) return undefined;
  writer.addDays(v, judged.days);
  writer.addOpen(v, judged.open, matured.keys);
  const night = realisedFigures(judged.days, undefined);
  return {
    name: v.name,
    version: v.version,
    after: Number.isFinite(window.after) ? new Date(window.after) : undefined,
    through: new Date(window.through),
    rows: night.rows,
    failures: night.failures,
    caught: night.caught,
    enough: night.enough,
    precision: night.precision,
    recall: night.recall,
  };
}

/**
 * Judges what matured since the last night for every version with published results, and
 * publishes it in one commit; commits nothing when nothing matured. Call it with a writer session.
 */
export async function monitorPerformance(session: LakeSession, fleet: Fleet): Promise<PerformanceNight> {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  await declareTables(session, fleet);
  const cutoff = await labelCutoff(session);
  if (!cutoff) return { night: undefined, maturedTo: undefined, versions: [], seconds: seconds() };
  await session.runFile('gold', 'label_rule.sql', { classes: listParam(fleet.classes) });
  const writer = await NightWriter.start(session);
  const versions: NightVersion[] = [];
  try {
    for (const v of await scoredVersions(session)) {
      const window = windowOf(v, cutoff);
      const judged = window && (await judgeVersion(session, fleet, v, window, writer));
      if (judged) versions.push(judged);
    }
  } finally {
    writer.finish();
  }
  if (versions.length === 0) return { night: undefined, maturedTo: cutoff, versions, seconds: seconds() };
  const night = (session.catalog.counters[NIGHT_COUNTER] ?? 0) + 1;
  const tables = await writer.write(session, night, cutoff);
  await session.commit({ tables, counters: { [NIGHT_COUNTER]: night } });
  return { night, maturedTo: cutoff, versions, seconds: seconds() };
}
