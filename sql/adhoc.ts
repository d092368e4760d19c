import { renameSync } from 'node:fs';
import { partialFile } from './atomic-file.js';
import { StatementType, type DuckDBPreparedStatement } from '@duckdb/node-api';
import type { LakeSession } from './duckdb.js';
import { InputError, LakescoreError } from './errors.js';

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

/**
 * Only SELECT: EXPLAIN ANALYZE would run the statement it explains, and its type is EXPLAIN
 * whether that statement reads or writes.
 */
const READ_ONLY = new Set<StatementType>([StatementType.SELECT]);

const engineMessage = (err: unknown): string => (err as Error).message.replace(/^Failed to extract statements: /, '').split('\n')[0] ?? 'invalid query';

/** A failed query: the damaged table it read, or the engine's complaint about the query. */
function queryError(session: LakeSession, err: unknown): LakescoreError {
  const explained = session.explained(err);
  return explained instanceof LakescoreError ? explained : new InputError(`query: ${engineMessage(err)}`);
}

/**
 * Prepares one user query over the lake's views, refusing anything but reading: the check is on
 * the statement type DuckDB parsed, not on the text, so no spelling gets a write through.
 */
async function prepareReadOnly(session: LakeSession, text: string): Promise<DuckDBPreparedStatement> {
  let statements;
  try {
    statements = await session.connection.extractStatements(text);
  } catch (err) {
    throw new InputError(`query: ${engineMessage(err)}`);
  }
  if (statements.count !== 1) throw new InputError(`query: expected one statement, got ${statements.count}`);
  let prepared;
  try {
    prepared = await statements.prepare(0);
  } catch (err) {
    throw new InputError(`query: ${engineMessage(err)}`);
  }
  if (!READ_ONLY.has(prepared.statementType)) {
    throw new InputError(`query: only reading statements are allowed (SELECT, WITH, DESCRIBE, SUMMARIZE); this is ${StatementType[prepared.statementType]}`);
  }
  if (prepared.parameterCount > 0) throw new InputError('query: parameters ($name, ?) are not supported here');
  return prepared;
}

export async function runReadOnlyQuery(session: LakeSession, text: string): Promise<QueryResult> {
  const prepared = await prepareReadOnly(session, text);
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
export async function exportParquet(session: LakeSession, text: string, out: string): Promise<void> {
  await prepareReadOnly(session, text);
  const tmp = partialFile(out);
  try {
    await session.run(`COPY (SELECT * FROM query($query)) TO $out (FORMAT parquet, COMPRESSION zstd)`, { query: text, out: tmp });
  } catch (err) {
    throw queryError(session, err);
  }
  renameSync(tmp, out);
}
