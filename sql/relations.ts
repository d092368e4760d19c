import { join } from 'node:path';
import type { Columns, TableEntry } from './catalog.js';
import { quoteLiteral } from './text.js';

/** The SELECTs behind the lake's views: a table's files, an empty table, a damaged one. */

const nullColumns = (columns: Columns): string => columns.map(([name, type]) => `NULL::${type} AS ${name}`).join(', ');

export function emptyRelation(columns: Columns): string {
  return `SELECT ${nullColumns(columns)} WHERE false`;
}

/**
 * A relation with a table's columns that raises `message` as soon as a query reads a row of it.
 * Every column is the error too: a constant NULL column would let a filter or a join on it be
 * folded away before the row is read, and the query would silently find no rows. The error sits
 * in a subquery because a cast of it directly trips the engine's filter pushdown through windows.
 */
export function failingRelation(columns: Columns, message: string): string {
  const error = `error(${quoteLiteral(message)})`;
  return `SELECT ${columns.map(([name, type]) => `(SELECT ${error})::${type} AS ${name}`).join(', ')} FROM range(1) WHERE ${error} IS NULL`;
}

/** A table's files in `lake` as `columns`; a column none of its files has (`written` lacks it) reads as NULL. */
export function filesRelation(lake: string, entry: TableEntry, columns: Columns): string {
  if (entry.files.length === 0) return emptyRelation(columns);
  const written = new Set(entry.columns.map(([name]) => name));
  const files = entry.files.map((file) => quoteLiteral(join(lake, file))).join(', ');
  const select = columns.map(([name, type]) => (written.has(name) ? name : `NULL::${type} AS ${name}`));
  // by name: files written before a column was added read it as NULL
  return `SELECT ${select.join(', ')} FROM read_parquet([${files}], union_by_name = true)`;
}
