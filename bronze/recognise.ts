import { basename } from 'node:path';
import type { CsvOptions, Fleet, Source } from '../fleet/fleet.js';
import { columnNameOf } from '../fleet/names.js';
import { excerpt, InputError, listed } from '../sql/errors.js';
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

const sourcesNamedBy = (fleet: Fleet, path: string): Source[] => fleet.sources.filter((source) => source.patterns.some((p) => patternMatches(p, basename(path))));

export function sourceFromName(fleet: Fleet, path: string): Source | undefined {
  const matches = sourcesNamedBy(fleet, path);
  return matches.length === 1 ? matches[0] : undefined;
}

/** The header of a file of this source: its first line, or the declared names of a headerless file. */
export function headerOf(source: Source, firstLine: string | undefined): string[] {
  if (!source.csv.header) return source.csv.columns ?? [];
  return parseHeaderLine(firstLine ?? '', source.csv);
}

/** The source's named columns a header lacks, as the definition spells them. */
const missingColumns = (source: Source, header: readonly string[]): string[] => {
  const given = new Set(header.map(columnNameOf));
  return namedColumns(source)
    .filter((c) => !given.has(c.bronze))
    .map((c) => c.source);
};

/** A headerless file's first line is data: only its name can tell its source. */
const comparesHeader = (source: Source, parquetHeader: readonly string[] | undefined): boolean => parquetHeader !== undefined || source.csv.header;

const headerFor = (source: Source, firstLine: string | undefined, parquetHeader: readonly string[] | undefined): readonly string[] =>
  parquetHeader ?? headerOf(source, firstLine);

/** The sources whose named columns a header has, when the file name does not tell. */
function sourcesFittingHeader(fleet: Fleet, firstLine: string | undefined, parquetHeader: readonly string[] | undefined): Source[] {
  return fleet.sources.filter(
    (source) => comparesHeader(source, parquetHeader) && missingColumns(source, headerFor(source, firstLine, parquetHeader)).length === 0,
  );
}

function sourceFromHeader(fleet: Fleet, firstLine: string | undefined, parquetHeader: readonly string[] | undefined): Source | undefined {
  const fitting = sourcesFittingHeader(fleet, firstLine, parquetHeader);
  return fitting.length === 1 ? fitting[0] : undefined;
}

const SOURCES_SHOWN = 6;

/** What was tried per source, the first few of them; `;` apart, as each may list columns. */
const perSource = (tried: readonly string[]): string =>
  tried.length > SOURCES_SHOWN ? `${tried.slice(0, SOURCES_SHOWN).join('; ')}; ${tried.length - SOURCES_SHOWN} more sources` : tried.join('; ');

function nameVerdict(fleet: Fleet, path: string): string {
  const named = sourcesNamedBy(fleet, path);
  if (named.length > 1) return `the name ${excerpt(basename(path), 80)} matches the files patterns of more than one source (${listed(named.map((s) => s.name), SOURCES_SHOWN)})`;
  const tried = fleet.sources.map((s) => `${s.name}: ${excerpt(s.patterns.join(' or '), 60)}`);
  return `the name ${excerpt(basename(path), 80)} matches no source's files pattern (tried ${perSource(tried)})`;
}

function headerVerdict(fleet: Fleet, firstLine: string | undefined, parquetHeader: readonly string[] | undefined): string {
  const header = parquetHeader ?? parseHeaderLine(firstLine ?? '');
  const fitting = sourcesFittingHeader(fleet, firstLine, parquetHeader);
  const shown = `the header (${excerpt(header.join(', '), 80)})`;
  if (fitting.length > 1) return `${shown} has the columns of more than one source (${listed(fitting.map((s) => s.name), SOURCES_SHOWN)})`;
  const tried = fleet.sources.map((source) => {
    if (!comparesHeader(source, parquetHeader)) return `${source.name}: headerless, known by name only`;
    return `${source.name} lacks ${excerpt(listed(missingColumns(source, headerFor(source, firstLine, parquetHeader)), 3), 60)}`;
  });
  return `${shown} has the columns of no source (${perSource(tried)})`;
}

/** The source a file belongs to: by its name, or failing that by its header. */
export function recogniseSource(fleet: Fleet, path: string, firstLine: string | undefined, parquetHeader?: readonly string[]): Source {
  const source = sourceFromName(fleet, path) ?? sourceFromHeader(fleet, firstLine, parquetHeader);
  if (!source) {
    if (!parquetHeader && (firstLine ?? '').trim() === '') throw new InputError(`${path}: empty file`);
    throw new InputError(`${path}: unknown source: ${nameVerdict(fleet, path)}, and ${headerVerdict(fleet, firstLine, parquetHeader)}`);
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
