import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { timestampText } from '../../sql/text.js';
import type { ExportColumn } from './columns.js';
import type { Connection } from './connection.js';
import type { Range } from './ranges.js';
import { CommitUncertainError } from './failures.js';
import { streamRows, type RowPipe } from './row-pipe.js';
import { addMissingColumns, copyStatement, createTableStatement, deleteRangeStatement, type TargetTable } from './table.js';

/**
 * Makes the target table's rows in the ranges exactly the piped rows, in one transaction: create
 * the table if it is missing, delete the ranges, COPY the rows in, commit. Until the commit nobody
 * sees a change, and any failure (or the process dying) leaves the table as it was. The server
 * must take every row written, or nothing is committed. Returns the rows delivered.
 */
export async function replaceRanges(connection: Connection, table: TargetTable, columns: readonly ExportColumn[], ranges: readonly Range[], rows: RowPipe): Promise<number> {
  const client = new pg.Client(connection.config);
  // a server that dies mid-export also fails the statement in flight, which is what reports it
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('BEGIN');
    // The lake's times are UTC without a zone: a timestamptz column would read them, and the range
    // bounds, in the session's zone (PGOPTIONS, the role's or the server's), moving rows and leaving
    // stale ones. LOCAL: for this transaction, whatever zone the session was given.
    await client.query(`SET LOCAL TIME ZONE 'UTC'`);
    await client.query(createTableStatement(table, columns));
    await addMissingColumns(client, table, columns);
    for (const range of ranges) await client.query(deleteRangeStatement(table, columns), [timestampText(range.from), timestampText(range.to)]);
    const copy = client.query(copyFrom(copyStatement(table, columns)));
    const written = await streamRows(rows, copy);
    if (copy.rowCount !== written) throw new Error(`the server took ${copy.rowCount} of ${written} rows`);
    await client.query('COMMIT').catch((err: unknown) => {
      throw new CommitUncertainError(err);
    });
    return written;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}
