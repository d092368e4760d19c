import { basename } from 'node:path';
import { InputError } from '../sql/errors.js';
import { SOURCE_COLUMNS, SOURCE_TABLES, type SourceTable } from './sources.js';

/** Splits a CSV header line: quoted or not, CRLF or LF, with or without a byte-order mark. */
export function parseHeaderLine(line: string): string[] {
  const text = line.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      names.push(current.trim());
      current = '';
    } else current += c;
  }
  names.push(current.trim());
  return names;
}

export function tableFromName(path: string): SourceTable | undefined {
  const name = basename(path).toLowerCase();
  const matches = SOURCE_TABLES.filter((table) => name.includes(table));
  return matches.length === 1 ? matches[0] : undefined;
}

function sameColumns(table: SourceTable, header: readonly string[]): boolean {
  const wanted = SOURCE_COLUMNS[table].map((c) => c.toLowerCase()).sort();
  const given = header.map((c) => c.toLowerCase()).sort();
  return wanted.length === given.length && wanted.every((c, i) => c === given[i]);
}

export function tableFromHeader(header: readonly string[]): SourceTable | undefined {
  return SOURCE_TABLES.find((table) => sameColumns(table, header));
}

/**
 * Checks a file's header against its table and returns the table's column names (lower case,
 * as bronze stores them) in the file's order. Missing, unexpected or repeated columns reject the file.
 */
export function canonicalHeader(path: string, table: SourceTable, header: readonly string[]): string[] {
  const wanted = SOURCE_COLUMNS[table].map((c) => c.toLowerCase());
  const given = header.map((c) => c.toLowerCase());
  const repeated = given.find((c, i) => given.indexOf(c) !== i);
  if (repeated !== undefined) throw new InputError(`${path}: column "${repeated}" appears twice in the header`);
  const unexpected = given.filter((c) => !wanted.includes(c));
  if (unexpected.length) {
    throw new InputError(`${path}: unexpected column${unexpected.length > 1 ? 's' : ''} ${unexpected.map((c) => `"${c}"`).join(', ')} for table ${table} (expected ${SOURCE_COLUMNS[table].join(', ')})`);
  }
  const missing = wanted.filter((c) => !given.includes(c));
  if (missing.length) {
    throw new InputError(`${path}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for table ${table} (header: ${header.join(', ')})`);
  }
  return given;
}

/** The table a file belongs to: by its name, or failing that by its header. */
export function recogniseTable(path: string, header: readonly string[]): SourceTable {
  const table = tableFromName(path) ?? tableFromHeader(header);
  if (!table) {
    throw new InputError(`${path}: unknown table: the name matches none of ${SOURCE_TABLES.join(', ')} and the header (${header.join(', ')}) matches no source table`);
  }
  return table;
}
