import { StatementType } from '@duckdb/node-api';
import type { LakeSession } from './duckdb.js';
import { InputError } from './errors.js';

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

const READ_ONLY = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);

/**
 * Runs one user query over the lake's views. Only reading statements pass: the check is on the
 * statement type DuckDB parsed, not on the text, so no spelling gets a write through.
 */
export async function runReadOnlyQuery(session: LakeSession, text: string): Promise<QueryResult> {
  let statements;
  try {
    statements = await session.connection.extractStatements(text);
  } catch (err) {
    throw new InputError(`query: ${(err as Error).message.replace(/^Failed to extract statements: /, '')}`);
  }
  if (statements.count !== 1) throw new InputError(`query: expected one statement, got ${statements.count}`);
  try {
    const prepared = await statements.prepare(0);
    if (!READ_ONLY.has(prepared.statementType)) {
      throw new InputError(`query: only reading statements are allowed (SELECT, WITH, DESCRIBE, EXPLAIN); this is ${StatementType[prepared.statementType]}`);
    }
    if (prepared.parameterCount > 0) throw new InputError('query: parameters ($name, ?) are not supported here');
    const reader = await prepared.runAndReadAll();
    return { columns: reader.columnNames(), rows: reader.getRowsJS() };
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`query: ${(err as Error).message.split('\n')[0]}`);
  }
}
