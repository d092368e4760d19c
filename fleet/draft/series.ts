import { listValue } from '@duckdb/node-api';
import type { TimeGuess } from './columns.js';
import type { Dialect } from './dialect.js';
import type { DataFile } from './files.js';
import type { ColumnProfile, RunSql } from './profile.js';
import { DEFAULT_TIME_FORMATS } from '../source-rules.js';

/**
 * What a source's files show together, once its asset and time columns are guessed: how often
 * an asset reports, whether files of different names are one feed, and the values of a column
 * over every row (a flag set once in thousands of rows).
 */

/** The seconds one count of a counter lasts in the draft (it writes `unit: 1h`, a TODO). */
export const COUNTER_UNIT_SECONDS = 3600;
/** A source is one feed unless more than this share of its keys conflict between its parts. */
const CONFLICTING_SHARE = 0.1;

const num = (value: unknown): number => Number(value ?? 0);

/** The typical interval between an asset's consecutive readings in the sample, in seconds. */
export async function typicalInterval(run: RunSql, asset: ColumnProfile, time: TimeGuess): Promise<number | undefined> {
  const formats = time.kind === 'clock' && time.format ? [time.format] : DEFAULT_TIME_FORMATS;
  const [row] = await run('cadence.sql', {
    asset: asset.key, time: time.column.key, counter: time.kind === 'counter', unit_s: COUNTER_UNIT_SECONDS, formats: listValue(formats),
  });
  return row && num(row.gaps) > 0 ? num(row.typical_s) : undefined;
}

/** Whether the same asset at the same time reads differently in two parts of the sample. */
export async function partsConflict(run: RunSql, asset: ColumnProfile, time: TimeGuess): Promise<boolean> {
  const [row] = await run('conflicts.sql', { asset: asset.key, time: time.column.key });
  return num(row?.conflicting) > CONFLICTING_SHARE * num(row?.keys);
}

/** The distinct values (lower case, at most `most`) of one column in every row of the files. */
export async function valuesEverywhere(run: RunSql, files: readonly DataFile[], dialect: Dialect | undefined, column: ColumnProfile, most: number): Promise<string[]> {
  const paths = listValue(files.map((f) => f.path));
  const rows =
    dialect === undefined
      ? await run('flag_values_parquet.sql', { paths, column: column.key, most })
      : dialect.delimiter === 'whitespace'
        ? await run('flag_values_lines.sql', { paths, delim: '\x1f', position: column.position + 1, name: dialect.header ? column.name : '', most })
        : await run('flag_values_csv.sql', { paths, header: dialect.header, delim: dialect.delimiter, column: column.key, most });
  return rows.map((row) => String(row.val ?? '')).filter((value) => value !== '');
}
