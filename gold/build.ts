import { durationHours } from '../fleet/duration.js';
import type { Fleet } from '../fleet/fleet.js';
import { columnPartOf } from '../fleet/names.js';
import { derivesFailures } from '../silver/derive.js';
import type { Columns } from '../sql/catalog.js';
import type { LakeSession } from '../sql/duckdb.js';
import { identifier, timestampText } from '../sql/text.js';
import { InputError } from '../sql/errors.js';
import { DAY_MS, startOfDay } from '../sql/partitions.js';
import { listParam } from '../sql/values.js';
import { assembledColumns } from './expressions.js';
import { computeFeatures } from './features.js';
import { describeParams, goldColumns, type FeatureParams } from './params.js';
import { declareGoldTables, GOLD_BUILDS_COLUMNS, goldColumnsDiffer, lastBuildParams } from './tables.js';
import { goldLayoutKnown, writeGoldPartitions } from './write.js';
import { withFittedRegimes } from './regimes/fit.js';

export interface GoldBuildOptions {
  fleet: Fleet;
  params: FeatureParams;
  from?: Date;
  to?: Date;
  labelCutoff?: Date;
  /** Drop gold built with other parameters instead of refusing. */
  reset: boolean;
}

export interface GoldBuildReport {
  buildId: number;
  from: Date;
  to: Date;
  labelCutoff: Date;
  rows: number;
  inputRows: number;
  months: string[];
  inputFingerprint: string;
  seconds: number;
}

interface SilverExtent {
  firstTs: Date;
  lastTs: Date;
  observedUntil: Date;
  silverBuildId: number;
  inputFingerprint: string;
}


async function silverExtent(session: LakeSession, fleet: Fleet): Promise<SilverExtent> {
  const [row] = await session.queryFile('gold', 'silver_extent.sql');
  if (!row || row.silver_build_id === null) throw new InputError('silver has not been built yet: run `lakescore build silver` (or `build all`) first');
  if (row.fleet_hash !== fleet.hash) throw new InputError('silver was built under another fleet definition: run `lakescore build silver` (or `build all`) first');
  if (!(row.first_ts instanceof Date) || !(row.last_ts instanceof Date)) throw new InputError('silver has no telemetry: nothing to build gold from');
  return {
    firstTs: row.first_ts,
    lastTs: row.last_ts,
    observedUntil: row.observed_until as Date,
    silverBuildId: Number(row.silver_build_id),
    inputFingerprint: String(row.input_fingerprint),
  };
}

/**
 * Gold built with other feature parameters or another fleet's columns cannot be mixed with this
 * build's rows: refused, or with `reset` replaced whole. Returns whether gold is replaced.
 */
async function checkSameFeatures(session: LakeSession, fleet: Fleet, params: FeatureParams, reset: boolean): Promise<boolean> {
  if (session.filesOf('gold_features').length === 0) return false;
  const existing = await lastBuildParams(session).catch((err: unknown) => {
    if (reset) return undefined;
    throw err;
  });
  const sameParams = existing !== undefined && describeParams(existing) === describeParams(params);
  const columnsDiffer = goldColumnsDiffer(session, fleet, params);
  if (sameParams && columnsDiffer === undefined) return false;
  if (reset) return true;
  const why = !sameParams && existing
    ? `gold holds features built with ${describeParams(existing)}; this build asks for ${describeParams(params)}`
    : `gold was built under another fleet definition: ${columnsDiffer}`;
  throw new InputError(`${why}. Use the same definition and parameters, or --reset to replace all of gold.`);
}

/**
 * Open alarms counted by frequency: the N most frequent codes in silver, found when gold is first
 * built and kept from then on (a later build with the same parameters counts the same codes).
 */
async function resolveAlarmCodes(session: LakeSession, fleet: Fleet, params: FeatureParams, reset: boolean): Promise<FeatureParams> {
  const top = fleet.alarms?.top;
  if (top === undefined || params.alarmCodes.length > 0) return params;
  const last = !reset && session.filesOf('gold_features').length > 0 ? await lastBuildParams(session).catch(() => undefined) : undefined;
  if (last && last.alarmCodes.length > 0 && describeParams({ ...last, alarmCodes: [] }) === describeParams(params)) return { ...params, alarmCodes: last.alarmCodes };
  // by frequency; of codes that would name the same column (E-1, e_1) only the more frequent
  const byFrequency = (await session.queryFile('gold', 'codes_by_frequency.sql')).map((r) => String(r.error_id));
  const distinct = byFrequency.filter((code, i) => byFrequency.findIndex((other) => columnPartOf(other) === columnPartOf(code)) === i);
  return { ...params, alarmCodes: distinct.slice(0, top) };
}

/** Feature names come from data (codes) and the definition (attributes): two must not name one column. */
function checkUniqueColumns(columns: Columns): void {
  const names = columns.map(([name]) => name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new InputError(`two gold features would be named ${repeated}: rename an attribute or a sensor in the fleet definition`);
}

/**
 * Which rows a build computes, as the temp table gold_scope (per asset, from which grid time on),
 * and which it only labels again, as gold_relabel: a range computes every asset's [from, to);
 * `changes` gives each asset the rows that the loads since the last build can change
 * (refresh_scope.sql). `from` is the day the earliest of them falls in; undefined: no row can change.
 */
interface Scope {
  kind: 'range' | 'changes';
  from: Date;
  to: Date;
}

async function prepareScope(
  session: LakeSession,
  fleet: Fleet,
  params: FeatureParams,
  wanted: { kind: 'range'; from: Date } | { kind: 'changes'; labelCutoff: Date },
  to: Date,
): Promise<Scope | undefined> {
  if (wanted.kind === 'range') {
    await session.runFile('gold', 'range_scope.sql', { from: timestampText(wanted.from) });
    return { kind: 'range', from: wanted.from, to };
  }
  await session.runFile('gold', 'refresh_scope.sql', { horizon_s: params.horizon.seconds, label_cutoff: timestampText(wanted.labelCutoff), flagged: derivesFailures(fleet) }, attributeComparison(fleet));
  const [row] = await session.query('SELECT least((SELECT min(from_ts) FROM gold_scope), (SELECT min(label_from) FROM gold_relabel)) AS from_ts');
  if (!(row?.from_ts instanceof Date) || row.from_ts >= to) return undefined;
  return { kind: 'changes', from: startOfDay(row.from_ts), to };
}

/** How refresh_scope.sql reads each asset's attributes from gold and tells a changed one. */
function attributeComparison(fleet: Fleet): { gold_attributes: string; attributes_differ: string } {
  const names = fleet.attributes.map((a) => identifier(a.name));
  return {
    gold_attributes: names.map((name) => `, arg_max(${name}, ts) AS ${name}`).join(''),
    attributes_differ: names.length === 0 ? 'false' : names.map((name) => `g.${name} IS DISTINCT FROM m.${name}`).join(' OR '),
  };
}

/**
 * Builds gold for [from, to) from silver and publishes it in one commit: the partitions the range
 * touches get new files (keeping their rows outside the range), other partitions are left as they
 * are. Features read silver from before `from`; labels read failures after `to`.
 */
export async function buildGold(session: LakeSession, options: GoldBuildOptions): Promise<GoldBuildReport> {
  const report = await build(session, options, 'range');
  if (!report) throw new Error('a range build always builds');
  return report;
}

/**
 * Brings gold up to date with the loads silver took since the last gold build: per asset, only
 * the rows they can change are rebuilt, so that the result equals one build of everything
 * (docs/gold.md). undefined when no row can change.
 */
export function buildGoldChanges(session: LakeSession, fleet: Fleet, params: FeatureParams): Promise<GoldBuildReport | undefined> {
  return build(session, { fleet, params, reset: false }, 'changes');
}

/**
 * The silver build whose loads gold reflects everywhere, which the next refresh starts from
 * (refresh_scope.sql): this build's silver, unless a range build left rows outside its range as
 * an earlier build made them; then the earlier build's, so that the loads since then still reach
 * those rows.
 */
async function silverAppliedEverywhere(
  session: LakeSession,
  extent: SilverExtent,
  build: { scope: Scope; reset: boolean; firstDay: Date; lastTo: Date },
): Promise<number> {
  const { scope } = build;
  const wholeExtent = scope.from <= build.firstDay && scope.to >= build.lastTo;
  if (scope.kind === 'changes' || build.reset || wholeExtent) return extent.silverBuildId;
  const [last] = await session.query('SELECT silver_build_id FROM gold_builds ORDER BY build_id DESC LIMIT 1');
  return last ? Number(last.silver_build_id) : extent.silverBuildId;
}

async function build(session: LakeSession, options: GoldBuildOptions, kind: Scope['kind']): Promise<GoldBuildReport | undefined> {
  const started = new Date();
  const { fleet } = options;
  await declareGoldTables(session, fleet);
  const extent = await silverExtent(session, fleet);
  const params = await withFittedRegimes(session, await resolveAlarmCodes(session, fleet, options.params, options.reset), options.reset);
  const columns = goldColumns(fleet, params);
  checkUniqueColumns(columns);
  // gold laid out before its partitions is replaced whole, once, with the same features: the
  // whole extent, whatever range was asked, since no earlier row survives the new layout
  const relayout = !goldLayoutKnown(session.filesOf('gold_features'));
  const reset = (await checkSameFeatures(session, fleet, params, options.reset)) || relayout;
  const to = (!relayout && options.to) || new Date(startOfDay(extent.lastTs).getTime() + DAY_MS);
  const requestedFrom = (!relayout && options.from) || startOfDay(extent.firstTs);
  if (requestedFrom >= to) throw new InputError(`--from (${requestedFrom.toISOString()}) must be before --to (${to.toISOString()})`);
  const labelCutoff = options.labelCutoff ?? extent.observedUntil;
  const asRange = kind === 'range' || reset;
  const scope = await prepareScope(session, fleet, params, asRange ? { kind: 'range', from: requestedFrom } : { kind, labelCutoff }, to);
  if (!scope) return undefined;
  const { from } = scope;
  const range = {
    from: timestampText(from),
    to: timestampText(to),
    step_s: params.step.seconds,
  };
  const maxWindow = Math.max(...params.windows.map((w) => w.seconds));
  const windows = { max_window_s: maxWindow, alarm_window_s: params.alarmWindow.seconds };

  await computeFeatures(session, fleet, params, { ...range, ...windows, asset_table: fleet.hasAssetTable });
  await session.runFile('gold', 'label_rule.sql', { classes: listParam(fleet.classes) });
  await session.runFile('gold', 'labels.sql', { horizon_s: params.horizon.seconds, label_cutoff: timestampText(labelCutoff) });
  await session.runFile('gold', 'assemble.sql', {}, { columns: assembledColumns(fleet, params) });

  const seenSilverBuild = await silverAppliedEverywhere(session, extent, { scope, reset, firstDay: startOfDay(extent.firstTs), lastTo: new Date(startOfDay(extent.lastTs).getTime() + DAY_MS) });
  const buildId = (session.catalog.counters.gold_build ?? 0) + 1;
  const dir = `gold/build-${String(buildId).padStart(6, '0')}-${session.writerId}`;
  const { files, partitions } = await writeGoldPartitions(session, {
    from,
    to,
    wholeRange: scope.kind === 'range',
    newest: extent.lastTs,
    labelCutoff,
    params,
    columns,
    // after a reset no earlier row survives
    previous: reset ? [] : session.filesOf('gold_features'),
    dir,
  });
  const months = [...new Set(partitions.map((key) => key.slice(0, 7)))];

  const [inputs] = await session.queryFile('gold', 'input_rows.sql', { ...range, ...windows });
  const inputRows = Number(inputs?.input_rows ?? 0);
  const [newRows] = await session.query('SELECT count(*) AS n FROM gold_new');
  const finished = new Date();
  const buildsFile = `${dir}/gold_builds.parquet`;
  await session.runFile('gold', 'record_build.sql', {
    out: session.dataFile(buildsFile),
    build_id: buildId,
    ...range,
    step_hours: durationHours(params.step),
    windows_hours: params.windows.map(durationHours).join(','),
    horizon_hours: durationHours(params.horizon),
    features: JSON.stringify(params),
    fleet_hash: fleet.hash,
    fleet_definition: fleet.canonical,
    label_cutoff: timestampText(labelCutoff),
    row_count: Number(newRows?.n ?? 0),
    input_rows: inputRows,
    input_fingerprint: extent.inputFingerprint,
    silver_build_id: seenSilverBuild,
    months: months.join(','),
    started_at: timestampText(started),
    finished_at: timestampText(finished),
    duration_s: (finished.getTime() - started.getTime()) / 1000,
  });
  await session.commit({
    tables: {
      gold_features: { files, columns },
      gold_builds: { files: [buildsFile], columns: GOLD_BUILDS_COLUMNS },
    },
    counters: { gold_build: buildId },
  });
  return {
    buildId,
    from,
    to,
    labelCutoff,
    rows: Number(newRows?.n ?? 0),
    inputRows,
    months,
    inputFingerprint: extent.inputFingerprint,
    seconds: (finished.getTime() - started.getTime()) / 1000,
  };
}
