import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { timestampText } from '../../sql/text.js';
import type { ExportColumn } from './columns.js';
import type { Connection } from './connection.js';
import { copyStatement, createTableStatement, deleteRangeStatement, type TargetTable } from './table.js';

export interface Range {
  from: Date;
  to: Date;
}

/**
 * Makes the target table's rows in [from, to) exactly the rows of `csvFile`, in one transaction:
 * create the table if it is missing, delete the range, COPY the file in, commit. Until the commit
 * nobody sees a change, and any failure (or the process dying) leaves the table as it was.
 * The server must take every row of the file, or nothing is committed.
 */
export async function replaceRange(connection: Connection, table: TargetTable, columns: readonly ExportColumn[], range: Range, rows: { file: string; count: number }): Promise<void> {
  const client = new pg.Client(connection.config);
  // a server that dies mid-export also fails the statement in flight, which is what reports it
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(createTableStatement(table, columns));
    await client.query(deleteRangeStatement(table, columns), [timestampText(range.from), timestampText(range.to)]);
    const copy = client.query(copyFrom(copyStatement(table, columns)));
    await pipeline(createReadStream(rows.file), copy);
    if (copy.rowCount !== rows.count) throw new Error(`the server took ${copy.rowCount} of ${rows.count} rows`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}
