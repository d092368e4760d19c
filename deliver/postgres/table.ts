import pg from 'pg';
import { isSqlName } from '../../fleet/names.js';
import { InputError } from '../../sql/errors.js';
import { KEY_COLUMNS, targetOf, type ExportColumn } from './columns.js';

/** A target table, `name` or `schema.name`, each part following the lake's naming rule. */
export interface TargetTable {
  /** As the user wrote it: recorded in `exports`, and part of the nightly watermark's key. */
  text: string;
  /** Quoted for PostgreSQL. */
  sql: string;
}

export function parseTargetTable(text: string): TargetTable {
  const parts = text.split('.');
  if (parts.length > 2 || !parts.every(isSqlName)) {
    throw new InputError(`table ${text}: expected NAME or SCHEMA.NAME, each lower-case letters, digits and _, starting with a letter, and not an SQL keyword`);
  }
  return { text, sql: parts.map((part) => pg.escapeIdentifier(part)).join('.') };
}

const columnList = (columns: readonly ExportColumn[]): string => columns.map((c) => pg.escapeIdentifier(c.target)).join(', ');

/** Typed columns and the key (asset, time); an existing table is left as it is. */
export function createTableStatement(table: TargetTable, columns: readonly ExportColumn[]): string {
  const definitions = columns.map((c) => `${pg.escapeIdentifier(c.target)} ${c.type}${KEY_COLUMNS.includes(c.source as (typeof KEY_COLUMNS)[number]) ? ' NOT NULL' : ''}`);
  const key = KEY_COLUMNS.map((k) => pg.escapeIdentifier(targetOf(columns, k))).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${table.sql} (${definitions.join(', ')}, PRIMARY KEY (${key}))`;
}

/**
 * Adds the columns the results gained since the table was made (risk and alert, say), never
 * changing or dropping one, so an existing table keeps its rows and its readers' queries. Only
 * missing ones: ALTER TABLE would lock readers out until the export commits, even for nothing.
 */
export async function addMissingColumns(client: pg.Client, table: TargetTable, columns: readonly ExportColumn[]): Promise<void> {
  const present = await client.query<{ attname: string }>('SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped', [table.sql]);
  const names = new Set(present.rows.map((r) => r.attname));
  for (const c of columns.filter((column) => !names.has(column.target))) {
    await client.query(`ALTER TABLE ${table.sql} ADD COLUMN ${pg.escapeIdentifier(c.target)} ${c.type}`).catch((err: unknown) => {
      const why = err instanceof Error ? err.message : String(err);
      throw new InputError(`table ${table.text} has no column ${c.target} and it cannot be added (${why}): let its owner add it, or export without it (--columns, or export.columns in the definition)`);
    });
  }
}

export function deleteRangeStatement(table: TargetTable, columns: readonly ExportColumn[]): string {
  const ts = pg.escapeIdentifier(targetOf(columns, 'ts'));
  return `DELETE FROM ${table.sql} WHERE ${ts} >= $1 AND ${ts} < $2`;
}

export function copyStatement(table: TargetTable, columns: readonly ExportColumn[]): string {
  return `COPY ${table.sql} (${columnList(columns)}) FROM STDIN WITH (FORMAT csv)`;
}
