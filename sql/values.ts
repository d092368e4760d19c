import { listValue, type DuckDBValue } from '@duckdb/node-api';
import type { Params } from './duckdb.js';

/** A list of text as one bound parameter (`$classes`, `$components`). */
export const listParam = (values: readonly string[]): DuckDBValue => listValue([...values]);

/**
 * Values that generated SQL needs (codes, ranges, formats, prefixes from a fleet definition) go
 * in as bound parameters: `bind` returns the placeholder to write into the SQL and keeps the value
 * for `params`. Nothing a user wrote is ever part of the SQL text.
 */
export class SqlValues {
  readonly params: Params = {};
  private count = 0;

  constructor(private readonly prefix = 'v') {}

  bind(value: DuckDBValue | readonly string[]): string {
    const name = `${this.prefix}${this.count++}`;
    this.params[name] = Array.isArray(value) ? listParam(value as readonly string[]) : (value as DuckDBValue);
    return `$${name}`;
  }
}
