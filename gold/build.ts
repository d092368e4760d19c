import type { LakeSession } from '../sql/duckdb.js';
import { timestampText } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';
import {
  componentList,
  errorColumnsOrZero,
  errorCounts,
  replacementColumns,
  replacementPivot,
  telemetryAggregates,
  telemetryColumns,
} from './expressions.js';
import { monthOfFile, monthsBetween, monthStart, nextMonth } from './months.js';
import { describeParams, ERROR_WINDOW_HOURS, goldColumns, type FeatureParams } from './params.js';
import { declareGoldTables, GOLD_BUILDS_COLUMNS, lastBuildParams } from './tables.js';

export interface GoldBuildOptions {
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

const DAY_MS = 86_400_000;
const startOfDay = (d: Date): Date => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);

async function silverExtent(session: LakeSession): Promise<SilverExtent> {
  const [row] = await session.queryFile('gold', 'silver_extent.sql');
  if (!row || row.silver_build_id === null) throw new InputError('silver has not been built yet: run `lakescore build silver` (or `build all`) first');
  if (!(row.first_ts instanceof Date) || !(row.last_ts instanceof Date)) throw new InputError('silver has no telemetry: nothing to build gold from');
  return {
    firstTs: row.first_ts,
    lastTs: row.last_ts,
    observedUntil: row.observed_until as Date,
    silverBuildId: Number(row.silver_build_id),
    inputFingerprint: String(row.input_fingerprint),
  };
}

/** Gold built with other feature parameters cannot be mixed with this build's rows. */
async function checkSameParams(session: LakeSession, params: FeatureParams, reset: boolean): Promise<boolean> {
  const existing = await lastBuildParams(session);
  if (!existing || session.filesOf('gold_features').length === 0) return false;
  if (describeParams(existing) === describeParams(params)) return false;
  if (reset) return true;
  throw new InputError(
    `gold holds features built with ${describeParams(existing)}; this build asks for ${describeParams(params)}. ` +
      'Use the same parameters, or --reset to replace all of gold.',
  );
}

/**
 * Builds gold for [from, to) from silver and publishes it in one commit: the months the range
 * touches get new partition files (keeping their rows outside the range), other months are left
 * as they are. Features read silver from before `from`; labels read failures after `to`.
 */
export async function buildGold(session: LakeSession, options: GoldBuildOptions): Promise<GoldBuildReport> {
  const started = new Date();
  const { params } = options;
  const columns = goldColumns(params);
  await declareGoldTables(session, params);
  const reset = await checkSameParams(session, params, options.reset);
  const extent = await silverExtent(session);
  const from = options.from ?? startOfDay(extent.firstTs);
  const to = options.to ?? new Date(startOfDay(extent.lastTs).getTime() + DAY_MS);
  if (from >= to) throw new InputError(`--from (${from.toISOString()}) must be before --to (${to.toISOString()})`);
  const labelCutoff = options.labelCutoff ?? extent.observedUntil;
  const range = {
    from: timestampText(from),
    to: timestampText(to),
    step_hours: params.stepHours,
  };
  const maxWindow = Math.max(...params.windowsHours);

  await session.runFile('gold', 'prepare.sql');
  await session.runFile('gold', 'grid.sql', range);
  await session.runFile('gold', 'telemetry_features.sql', { ...range, max_window_hours: maxWindow }, { aggregates: telemetryAggregates(params) });
  await session.runFile('gold', 'error_features.sql', { ...range, error_window_hours: ERROR_WINDOW_HOURS }, { counts: errorCounts() });
  await session.runFile('gold', 'replacement_features.sql', {}, { components: componentList(), pivot: replacementPivot() });
  await session.runFile('gold', 'labels.sql', { horizon_hours: params.horizonHours, label_cutoff: timestampText(labelCutoff) });
  await session.runFile('gold', 'assemble.sql', {}, {
    telemetry_columns: telemetryColumns(params),
    error_columns: errorColumnsOrZero(),
    replacement_columns: replacementColumns(),
  });
  // after a reset no earlier row survives, so the month files hold only this build's rows
  if (reset) await session.connection.run(`CREATE OR REPLACE TEMP VIEW gold_features AS SELECT * FROM gold_new WHERE false`);

  const buildId = (session.catalog.counters.gold_build ?? 0) + 1;
  const dir = `gold/build-${String(buildId).padStart(6, '0')}`;
  const months = monthsBetween(from, to);
  const written: string[] = [];
  for (const month of months) {
    const file = `${dir}/${month}.parquet`;
    await session.runFile('gold', 'write_month.sql', {
      ...range,
      month_start: timestampText(monthStart(month)),
      month_end: timestampText(nextMonth(month)),
      out: session.dataFile(file),
    });
    written.push(file);
  }
  const kept = reset ? [] : session.filesOf('gold_features').filter((file) => !months.includes(monthOfFile(file)));
  const files = [...kept, ...written].sort((a, b) => monthOfFile(a).localeCompare(monthOfFile(b)));

  const [inputs] = await session.queryFile('gold', 'input_rows.sql', { ...range, max_window_hours: maxWindow });
  const inputRows = Number(inputs?.input_rows ?? 0);
  const [newRows] = await session.query('SELECT count(*) AS n FROM gold_new');
  const finished = new Date();
  const buildsFile = `${dir}/gold_builds.parquet`;
  await session.runFile('gold', 'record_build.sql', {
    out: session.dataFile(buildsFile),
    build_id: buildId,
    ...range,
    windows_hours: params.windowsHours.join(','),
    horizon_hours: params.horizonHours,
    label_cutoff: timestampText(labelCutoff),
    row_count: Number(newRows?.n ?? 0),
    input_rows: inputRows,
    input_fingerprint: extent.inputFingerprint,
    silver_build_id: extent.silverBuildId,
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
