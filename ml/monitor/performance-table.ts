import { DOUBLE, INTEGER, LIST, type DuckDBAppender } from '@duckdb/node-api';
import type { Columns, TableEntry } from '../../sql/catalog.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { timestampText } from '../../sql/text.js';
import type { DayFigures, OpenEvents } from './performance-judge.js';

/**
 * The tables of realised performance (docs/monitoring.md#realised-performance): `monitor_performance`,
 * one file of per-day figures appended per night, and `monitor_performance_open`, what the last
 * night left open, rewritten whole each night.
 */

export const PERFORMANCE_COLUMNS: Columns = [
  ['night', 'BIGINT'],
  ['judged_at', 'TIMESTAMP'],
  /** The label cutoff of the night: a prediction was judged once ts + horizon was at or before it. */
  ['matured_to', 'TIMESTAMP'],
  ['model_name', 'VARCHAR'],
  ['model_version', 'INTEGER'],
  ['day', 'DATE'],
  ['rows_judged', 'BIGINT'],
  ['positives', 'BIGINT'],
  ['brier_sum', 'DOUBLE'],
  ['asset_days', 'DOUBLE'],
  ['risk_bins_positive', 'INTEGER[]'],
  ['risk_bins_negative', 'INTEGER[]'],
  ['tp', 'BIGINT'],
  ['fp', 'BIGINT'],
  ['fn', 'BIGINT'],
  ['tn', 'BIGINT'],
  ['failures', 'BIGINT'],
  ['caught', 'BIGINT'],
  ['lead_hours', 'DOUBLE[]'],
  ['episodes', 'BIGINT'],
  ['false_episodes', 'BIGINT'],
];

export const PERFORMANCE_OPEN_COLUMNS: Columns = [
  ['night', 'BIGINT'],
  ['model_name', 'VARCHAR'],
  ['model_version', 'INTEGER'],
  ['asset_key', 'VARCHAR'],
  ['episode_start', 'TIMESTAMP'],
  ['episode_last', 'TIMESTAMP'],
  ['episode_positive', 'BOOLEAN'],
  ['failure_at', 'TIMESTAMP'],
  ['failure_first_alert', 'TIMESTAMP'],
];

/** The night counter of the catalog. */
export const NIGHT_COUNTER = 'monitor_night';

export async function declarePerformanceTables(session: LakeSession): Promise<void> {
  await session.ensureTableColumns('monitor_performance', PERFORMANCE_COLUMNS);
  await session.ensureTableColumns('monitor_performance_open', PERFORMANCE_OPEN_COLUMNS);
}

export interface VersionId {
  name: string;
  version: number;
}

const nullable = (appender: DuckDBAppender, value: number | null, append: (v: number) => void): void => (value === null ? appender.appendNull() : append(value));

/** Collects a night's figures and open events in temporary tables, version by version. */
export class NightWriter {
  private constructor(
    private readonly days: DuckDBAppender,
    private readonly open: DuckDBAppender,
  ) {}

  static async start(session: LakeSession): Promise<NightWriter> {
    await session.runFile('ml', 'monitor/performance_night_tables.sql');
    const connection = session.connection;
    return new NightWriter(await connection.createAppender('performance_days', 'main', 'temp'), await connection.createAppender('performance_open_now', 'main', 'temp'));
  }

  addDays(id: VersionId, days: readonly DayFigures[]): void {
    const a = this.days;
    for (const d of days) {
      a.appendVarchar(id.name);
      a.appendInteger(id.version);
      a.appendInteger(d.day);
      for (const n of [d.rows, d.positives]) a.appendBigInt(BigInt(n));
      a.appendDouble(d.brierSum);
      a.appendDouble(d.assetDays);
      a.appendList(d.riskPositive, LIST(INTEGER));
      a.appendList(d.riskNegative, LIST(INTEGER));
      const c = d.confusion;
      for (const n of [c?.tp ?? null, c?.fp ?? null, c?.fn ?? null, c?.tn ?? null]) nullable(a, n, (v) => a.appendBigInt(BigInt(v)));
      a.appendBigInt(BigInt(d.failures));
      nullable(a, d.caught, (v) => a.appendBigInt(BigInt(v)));
      if (d.leadHours) a.appendList(d.leadHours, LIST(DOUBLE));
      else a.appendNull();
      for (const n of [d.episodes, d.falseEpisodes]) nullable(a, n, (v) => a.appendBigInt(BigInt(v)));
      a.endRow();
    }
  }

  /** `keys[asset]` is the asset's id as text. */
  addOpen(id: VersionId, open: OpenEvents, keys: readonly string[]): void {
    const row = (asset: number, values: [number | null, number | null, boolean | null, number | null, number | null]): void => {
      const a = this.open;
      a.appendVarchar(id.name);
      a.appendInteger(id.version);
      a.appendVarchar(keys[asset] as string);
      const [start, last, positive, failure, firstAlert] = values;
      nullable(a, start, (v) => a.appendDouble(v));
      nullable(a, last, (v) => a.appendDouble(v));
      if (positive === null) a.appendNull();
      else a.appendBoolean(positive);
      nullable(a, failure, (v) => a.appendDouble(v));
      nullable(a, firstAlert === null || Number.isNaN(firstAlert) ? null : firstAlert, (v) => a.appendDouble(v));
      a.endRow();
    };
    for (const e of open.episodes) row(e.asset, [e.start, e.last, e.positive, null, null]);
    for (const f of open.failures) row(f.asset, [null, null, null, f.at, f.firstAlert]);
  }

  /** Puts what was added into the temporary tables; call it once, before `write`. */
  finish(): void {
    this.days.closeSync();
    this.open.closeSync();
  }

  /** Writes the night's two files and returns the table entries a commit publishes. */
  async write(session: LakeSession, night: number, maturedTo: Date): Promise<Record<string, TableEntry>> {
    const name = `night-${String(night).padStart(8, '0')}-${session.writerId}.parquet`;
    const daysFile = `monitor/performance/${name}`;
    const openFile = `monitor/performance_open/${name}`;
    await session.runFile('ml', 'monitor/performance_write.sql', {
      out: session.dataFile(daysFile),
      night,
      judged_at: timestampText(new Date()),
      matured_to: timestampText(maturedTo),
    });
    await session.runFile('ml', 'monitor/performance_write_open.sql', { out: session.dataFile(openFile), night });
    return {
      monitor_performance: { files: [...session.filesOf('monitor_performance'), daysFile], columns: PERFORMANCE_COLUMNS },
      monitor_performance_open: { files: [openFile], columns: PERFORMANCE_OPEN_COLUMNS },
    };
  }
}
