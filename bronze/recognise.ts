import { basename } from 'node:path';
import type { CsvOptions, Fleet, Source } from '../fleet/fleet.js';
import { columnNameOf } from '../fleet/names.js';
import { excerpt, InputError } from '../sql/errors.js';
import { namedColumns } from './columns.js';

/** Splits a CSV header line: quoted or not, CRLF or LF, with or without a byte-order mark. */
export function parseHeaderLine(line: string, csv: Pick<CsvOptions, 'delimiter' | 'quote'> = { delimiter: ',', quote: '"' }): string[] {
  const text = line.replace(/^\uFEFF/, '').replace(/\r$/, '');
  if (csv.delimiter === 'whitespace') return text.trim().split(/\s+/);
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === csv.quote && text[i + 1] === csv.quote) {
        current += c;
        i++;
      } else if (c === csv.quote) quoted = false;
      else current += c;
    } else if (csv.quote !== '' && c === csv.quote) quoted = true;
    else if (c === csv.delimiter) {
      names.push(current.trim());
      current = '';
    } else current += c;
  }
  names.push(current.trim());
  return names;
}

/** A file-name pattern (`*` any run, `?` one character) as a case-insensitive whole-name match. */
function patternMatches(pattern: string, name: string): boolean {
  const regex = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${regex}$`).test(name.toLowerCase());
}

export function sourceFromName(fleet: Fleet, path: string): Source | undefined {
  const name = basename(path);
  const matches = fleet.sources.filter((source) => source.patterns.some((p) => patternMatches(p, name)));
  return matches.length === 1 ? matches[0] : undefined;
}

/** The header of a file of this source: its first line, or the declared names of a headerless file. */
export function headerOf(source: Source, firstLine: string | undefined): string[] {
  if (!source.csv.header) return source.csv.columns ?? [];
  return parseHeaderLine(firstLine ?? '', source.csv);
}

const hasEveryNamedColumn = (source: Source, header: readonly string[]): boolean => {
  const given = new Set(header.map(columnNameOf));
  return namedColumns(source).every((c) => given.has(c.bronze));
};

/** The one source whose named columns a header has, when the file name does not tell. */
function sourceFromHeader(fleet: Fleet, firstLine: string | undefined, parquetHeader: readonly string[] | undefined): Source | undefined {
  const candidates = fleet.sources.filter((source) => {
    if (parquetHeader) return hasEveryNamedColumn(source, parquetHeader);
    return source.csv.header && hasEveryNamedColumn(source, headerOf(source, firstLine));
  });
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The source a file belongs to: by its name, or failing that by its header. */
export function recogniseSource(fleet: Fleet, path: string, firstLine: string | undefined, parquetHeader?: readonly string[]): Source {
  const source = sourceFromName(fleet, path) ?? sourceFromHeader(fleet, firstLine, parquetHeader);
  if (!source) {
    if (!parquetHeader && (firstLine ?? '').trim() === '') throw new InputError(`${path}: empty file`);
    const header = parquetHeader ?? parseHeaderLine(firstLine ?? '');
    throw new InputError(
      `${path}: unknown source: the name matches none of ${fleet.sources.map((s) => s.patterns.join(' or ')).join(', ')} ` +
        `and the header (${excerpt(header.join(', '))}) has the columns of no single source`,
    );
  }
  return source;
}

export interface ColumnMapping {
  /** For each of the source's named columns, in bronze order: its position in the file (0-based). */
  positions: number[];
  /** Columns of the file that the source does not name, as spelled in the file (escaped and capped, as they are echoed). */
  ignored: string[];
}

/**
 * Finds the source's named columns in a file's header. A missing or repeated named column rejects
 * the file; the columns the source does not name are left out and reported.
 */
export function mapColumns(path: string, source: Source, header: readonly string[]): ColumnMapping {
  const given = header.map(columnNameOf);
  const named = namedColumns(source);
  const positions = named.map((column) => {
    const at = given.indexOf(column.bronze);
    if (at >= 0 && given.indexOf(column.bronze, at + 1) >= 0) throw new InputError(`${path}: column "${column.source}" appears twice in the header`);
    return at;
  });
  const missing = named.filter((_, i) => positions[i] === -1).map((c) => c.source);
  if (missing.length) {
    throw new InputError(
      `${path}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for source ${source.name} (header: ${excerpt(header.join(', '))})`,
    );
  }
  const ignored = header.filter((_, i) => !positions.includes(i)).map((name) => excerpt(name, 60));
  return { positions, ignored };
}
