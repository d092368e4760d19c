import { renameSync } from 'node:fs';
import type { DuckDBPreparedStatement } from '@duckdb/node-api';
import { z } from 'zod';
import { partialFile } from './atomic-file.js';
import type { LakeSession } from './duckdb.js';
import { InputError, LakescoreError } from './errors.js';

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

const READS = 'only reading statements are allowed (SELECT, FROM, WITH, DESCRIBE, SUMMARIZE, SHOW, VALUES)';

const parsedStatement = z.object({ refused: z.boolean(), error_type: z.string().nullable(), reason: z.string().nullable(), statements: z.number() });

const engineMessage = (err: unknown): string => (err as Error).message.split('\n')[0] ?? 'invalid query';

/** A failed query: the damaged table it read, or the engine's complaint about the query. */
function queryError(session: LakeSession, err: unknown): LakescoreError {
  const explained = session.explained(err);
  return explained instanceof LakescoreError ? explained : new InputError(`query: ${engineMessage(err)}`);
}

/**
 * Refuses anything but one reading statement from the parser's verdict alone, before DuckDB
 * prepares it: preparing binds, and binding some statements already writes (EXPORT DATABASE
 * creates its directory), even inside the sandbox, whose directories DuckDB may write as well as
 * read. The check is on the parsed statement, not on the text, so no spelling gets a write through.
 */
async function checkOneRead(session: LakeSession, text: string): Promise<void> {
  const verdict = parsedStatement.parse((await session.queryFile('sql', 'parse_statement.sql', { text }))[0]);
  if (verdict.refused && verdict.error_type === 'parser') throw new InputError(`query: ${verdict.reason ?? 'syntax error'}`);
  if (verdict.refused) throw new InputError(`query: ${READS}`);
  if (verdict.statements !== 1) throw new InputError(`query: expected one statement, got ${verdict.statements}`);
}

/**
 * Puts the session in its sandbox (sql/duckdb.ts `sandbox`), then prepares one user query over
 * the lake's views once the parser has shown it to be a read: nothing of the query runs earlier.
 */
async function prepareReadOnly(session: LakeSession, text: string, readable: readonly string[], output?: string): Promise<DuckDBPreparedStatement> {
  await session.sandbox(readable, output);
  await checkOneRead(session, text);
  let prepared;
  try {
    prepared = await session.connection.prepare(text);
  } catch (err) {
    throw queryError(session, err);
  }
  if (prepared.parameterCount > 0) throw new InputError('query: parameters ($name, ?) are not supported here');
  return prepared;
}

/** The result of one reading query, which may also read the `readable` directories (`--allow-read`). */
export async function runReadOnlyQuery(session: LakeSession, text: string, readable: readonly string[] = []): Promise<QueryResult> {
  const prepared = await prepareReadOnly(session, text, readable);
  try {
    const reader = await prepared.runAndReadAll();
    return { columns: reader.columnNames(), rows: reader.getRowsJS() };
  } catch (err) {
    throw queryError(session, err);
  }
}

/**
 * Writes a read-only query's result as Parquet. The query text goes to DuckDB's query() as a
 * bound parameter, never into the statement, and was checked to be one reading statement.
 */
export async function exportParquet(session: LakeSession, text: string, out: string, readable: readonly string[] = []): Promise<void> {
  const tmp = partialFile(out);
  await prepareReadOnly(session, text, readable, tmp);
  try {
    await session.run(`COPY (SELECT * FROM query($query)) TO $out (FORMAT parquet, COMPRESSION zstd)`, { query: text, out: tmp });
  } catch (err) {
    throw queryError(session, err);
  }
  renameSync(tmp, out);
}
