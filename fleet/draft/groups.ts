import type { DataFile } from './files.js';
import { columnNameOf } from '../names.js';

/**
 * Which files make one source, and the `files:` pattern that names them. Files with the same
 * columns in the same dialect whose names differ only in their numbers (one file a day, a
 * numbered batch) are one feed; the pattern matches all of them, and no other data file.
 */

export interface FilesPattern {
  /** One pattern, or for names no pattern can tell apart from other files', the names themselves. */
  value: string[];
  why: string;
  /** A pattern for one file name: the draft asks for it to be widened. */
  single: boolean;
}

const TOKENS = /\d+|\D+/g;
const DIGITS = /^\d/;

const tokensOf = (name: string): string[] => name.match(TOKENS) ?? [];

/** A name with its numbers blanked: `2013-04-10.csv.gz` and `2013-05-01.csv.gz` have one shape. */
export const nameShape = (name: string): string => tokensOf(name.toLowerCase()).map((t) => (DIGITS.test(t) ? '#' : t)).join('');

/** Files that share a key (their columns and dialect) and a name shape, in the order given. */
export function groupFiles<T>(items: readonly T[], fileOf: (item: T) => DataFile, keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = `${keyOf(item)}\n${nameShape(fileOf(item).name)}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}

/** Files of one name, wherever they are below the directory: no pattern tells them apart. */
export function partsByName(files: readonly DataFile[]): DataFile[][] {
  const parts = new Map<string, DataFile[]>();
  for (const file of files) parts.set(file.name.toLowerCase(), [...(parts.get(file.name.toLowerCase()) ?? []), file]);
  return [...parts.values()];
}

/** A file-name pattern as bronze matches it: `*` any run, `?` one character, whole name, any case. */
function matches(pattern: string, name: string): boolean {
  const regex = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${regex}$`).test(name.toLowerCase());
}

const literal = (text: string): string => text.replace(/[*?]/g, '?');

/**
 * The names' common form with their numbers as wildcards: every number when `everyNumber` (the
 * year of dated files changes too, later), else only those that differ between the names.
 */
function numbersAsWildcards(names: readonly string[], everyNumber: boolean): string {
  const tokenised = names.map(tokensOf);
  const first = tokenised[0] ?? [];
  return first
    .map((token, i) => {
      const column = tokenised.map((tokens) => tokens[i] ?? '');
      if (!DIGITS.test(token) || (!everyNumber && column.every((t) => t === token))) return literal(token);
      return column.every((t) => t.length === token.length) ? '?'.repeat(token.length) : '*';
    })
    .join('');
}

const range = (names: readonly string[]): string => (names.length > 2 ? `${names[0]} to ${names[names.length - 1]}` : names.join(' and '));

/** The pattern for a source's file names that matches no other data file below the directory. */
export function patternFor(names: readonly string[], others: readonly DataFile[]): FilesPattern {
  const distinct = [...new Set(names)];
  if (distinct.length === 1) return { value: [literal(distinct[0] as string)], why: 'this file only', single: true };
  const clear = (pattern: string): boolean => !others.some((o) => matches(pattern, o.name));
  const why = `${distinct.length} files with the same columns, named alike (${range(distinct)})`;
  for (const pattern of [numbersAsWildcards(distinct, true), numbersAsWildcards(distinct, false)]) {
    if (clear(pattern)) return { value: [pattern], why, single: false };
  }
  return { value: distinct, why: `${why}; every pattern of them also names other files`, single: false };
}

const EXTENSIONS = /(\.(csv|tsv|txt|parquet))?(\.gz)?$/i;

/** What the names of a source's files have in common, as words: undefined when that is no word. */
export function commonStem(pattern: FilesPattern): string | undefined {
  const text = pattern.value.length === 1 ? (pattern.value[0] as string) : '';
  const words = text.replace(EXTENSIONS, '').replace(/[*?]+/g, '_');
  return /[a-z]/i.test(words) ? columnNameOf(words) : undefined;
}
