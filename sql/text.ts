import { readFileSync } from 'node:fs';
import { SQL_KEYWORDS } from './keywords.js';
import { sqlPath, type Layer } from './paths.js';

/**
 * Pieces of SQL text for `{{name}}` markers in a .sql file, for what DuckDB cannot bind as a
 * parameter (column lists, read options). Built only from fixed identifiers and numbers, never
 * from user text: see `identifier()`.
 */
export type Fragments = Record<string, string>;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Guards a name that is spliced into SQL: it must come from the code's fixed sets or a checked definition. */
export function identifier(name: string): string {
  if (!IDENTIFIER.test(name) || SQL_KEYWORDS.has(name.toLowerCase())) throw new Error(`not a safe SQL identifier: ${name}`);
  return name;
}

/** A layer's .sql file with its `{{name}}` markers filled. */
export function loadSqlFile(layer: Layer, name: string, fragments: Fragments): string {
  return readFileSync(sqlPath(layer, name), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const fragment = fragments[key];
    if (fragment === undefined) throw new Error(`${layer}/${name}: no SQL fragment for {{${key}}}`);
    return fragment;
  });
}

/** A single-quoted SQL literal; used only where DuckDB cannot take a parameter (view bodies). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A Date as a DuckDB TIMESTAMP literal text (UTC, milliseconds). */
export function timestampText(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** DuckDB's message without its error class, first line only. */
export const engineMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/^[A-Za-z ]+ Error: /, '').split('\n')[0] ?? '';
