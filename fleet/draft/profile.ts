import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBConnection, DuckDBInstance, listValue, type DuckDBValue } from '@duckdb/node-api';
import { packageRoot } from '../../sql/paths.js';
import type { Dialect } from './dialect.js';
import { columnLevels, type Levels } from './regimes.js';
import { loadSample, type SampledFile } from './sample.js';
import { DEFAULT_TIME_FORMATS } from '../source-rules.js';

/**
 * What the values of each column of a source look like, counted by DuckDB over a bounded
 * sample of the rows of its files. There is no lake here: a plain in-memory database, file paths and options
 * as bound parameters, and no column name ever in the SQL text (the sample is unpivoted first).
 */

/** Columns with at most this many distinct values have them listed (codes, categories, ids). */
const FEW_VALUES = 50;
/** Other datetime forms a column may use; a match becomes `time.format` in the draft. */
const OTHER_TIME_FORMATS = [
  '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%fZ',
  '%Y-%m-%dT%H:%M:%S%z', '%Y-%m-%d %H:%M:%S%z', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M',
  '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%m/%d/%Y %H:%M', '%Y-%m-%d', '%Y/%m/%d', '%d.%m.%Y', '%d/%m/%Y', '%m/%d/%Y',
];
const MOSTLY = 0.95;

export interface ColumnProfile {
  /** The column as the definition names it: the header's name, or the draft's colN. */
  name: string;
  /** The column's name in the sample table. */
  key: string;
  /** Its place in the file, from 0. */
  position: number;
  rows: number;
  present: number;
  distinct: number;
  numeric: number;
  whole: number;
  timestamps: number;
  /** The earliest and latest timestamp, as sortable text, when the default formats read any. */
  firstTime: string | undefined;
  lastTime: string | undefined;
  min: number | undefined;
  max: number | undefined;
  steps: number;
  risingSteps: number;
  unitSteps: number;
  withSpaces: number;
  /** Every value with its count, most frequent first, when the column has only a few. */
  values: [string, number][] | undefined;
  /** Other datetime formats that read the column's values: the first is the one to use. */
  timeFormats: string[];
  /** The most distinct values one asset has, once the asset column is known. */
  perAsset: number | undefined;
  /** The distinct values in every row of every file, for a column read whole (a flag). */
  everyValue: string[] | undefined;
  /** The few well-separated levels its numbers take, when they do (a setting: fleet/draft/regimes.ts). */
  levels: Levels | undefined;
}

export interface FileProfile {
  rows: number;
  columns: ColumnProfile[];
}

type Params = Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;
/** Runs a .sql file of fleet/draft/ with its parameters; the rows of its last statement. */
export type RunSql = (name: string, params?: Params) => Promise<Row[]>;

const num = (value: unknown): number => Number(value ?? 0);
const optionalText = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : String(value));
const optionalNum = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));

export class DraftDatabase {
  private constructor(private readonly instance: DuckDBInstance, private readonly connection: DuckDBConnection) {}

  static async open(): Promise<DraftDatabase> {
    const instance = await DuckDBInstance.create(':memory:');
    return new DraftDatabase(instance, await instance.connect());
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Runs every statement of a .sql file beside this one, each bound to the parameters it names. */
  readonly run: RunSql = async (name, params = {}) => {
    const statements = await this.connection.extractStatements(readFileSync(join(packageRoot, 'fleet', 'draft', name), 'utf8'));
    let rows: Row[] = [];
    for (let i = 0; i < statements.count; i++) {
      const prepared = await statements.prepare(i);
      for (let p = 1; p <= prepared.parameterCount; p++) prepared.bindValue(p, params[prepared.parameterName(p)] as DuckDBValue);
      rows = (await prepared.runAndReadAll()).getRowObjectsJS();
    }
    return rows;
  };

  private async valuesByColumn(): Promise<Map<string, [string, number][]>> {
    const byColumn = new Map<string, [string, number][]>();
    for (const row of await this.run('values.sql', { max_values: FEW_VALUES })) {
      const key = String(row.name);
      byColumn.set(key, [...(byColumn.get(key) ?? []), [String(row.val), num(row.n)]]);
    }
    return byColumn;
  }

  /** For text columns the default formats do not read: the other formats that read them. */
  private async otherTimeFormats(columns: readonly ColumnProfile[]): Promise<Map<string, string[]>> {
    const candidates = columns.filter((c) => c.present > 0 && c.timestamps < MOSTLY * c.present && c.numeric < c.present / 2);
    const found = new Map<string, string[]>();
    if (candidates.length === 0) return found;
    const names = listValue(candidates.map((c) => c.key));
    // In the order of OTHER_TIME_FORMATS, so that the first format found is the one preferred.
    for (const format of OTHER_TIME_FORMATS) {
      for (const row of await this.run('time_formats.sql', { names, format })) {
        if (num(row.parsed) < MOSTLY * num(row.present)) continue;
        const key = String(row.name);
        found.set(key, [...(found.get(key) ?? []), format]);
      }
    }
    return found;
  }

  /** Profiles the files of a source: `dialect` for text files, undefined for Parquet. */
  async profile(files: readonly SampledFile[], dialect: Dialect | undefined): Promise<FileProfile> {
    const { names, keys } = await loadSample(this.run, files, dialect);
    const stats = new Map((await this.run('profile.sql', { formats: listValue(DEFAULT_TIME_FORMATS) })).map((row) => [String(row.name), row]));
    const values = await this.valuesByColumn();
    const rows = num([...stats.values()][0]?.rows);
    const levels = await columnLevels(this.run, rows);
    const columns = keys.map((key, i): ColumnProfile => {
      const s = stats.get(key) ?? {};
      return {
        name: names[i] ?? key, key, position: i, rows, present: num(s.present), distinct: num(s.distinct_values), numeric: num(s.numeric), whole: num(s.whole),
        timestamps: num(s.timestamps), firstTime: optionalText(s.first_time), lastTime: optionalText(s.last_time), min: optionalNum(s.min), max: optionalNum(s.max), steps: num(s.steps), risingSteps: num(s.rising_steps),
        unitSteps: num(s.unit_steps), withSpaces: num(s.with_spaces), values: values.get(key), timeFormats: [], perAsset: undefined, everyValue: undefined,
        levels: levels.get(key),
      };
    });
    const formats = await this.otherTimeFormats(columns);
    for (const column of columns) column.timeFormats = formats.get(column.key) ?? [];
    return { rows, columns };
  }

  /** Fills in, for the source profiled last, how many distinct values each column has per asset. */
  async measurePerAsset(profile: FileProfile, asset: ColumnProfile): Promise<void> {
    const rows = await this.run('per_asset.sql', { asset: asset.key });
    const most = new Map(rows.map((row) => [String(row.name), num(row.most_per_asset)]));
    for (const column of profile.columns) column.perAsset = most.get(column.key);
  }
}
