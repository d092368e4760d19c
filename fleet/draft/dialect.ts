/**
 * The CSV dialect of a text file, told from its first lines: the delimiter (one character, or runs
 * of whitespace, which DuckDB's sniffer does not recognise) and whether the first line is a header.
 */

export interface Dialect {
  /** One character, or 'whitespace' for runs of spaces and tabs (the fleet definition's spelling). */
  delimiter: string;
  header: boolean;
  /** The header's names, or for a headerless file the names the draft declares (col1, col2, ...). */
  names: string[];
}

export type DialectGuess = { dialect: Dialect; why: string } | { skip: string };

const QUOTE = '"';
const CANDIDATES: readonly [string, string][] = [
  [',', 'commas'],
  ['\t', 'tabs'],
  [';', 'semicolons'],
  ['|', 'vertical bars'],
];
/** Lines whose field count may differ from the rest before the delimiter is doubted (a ragged tail). */
const CONSISTENT_SHARE = 0.9;
const LINES_LOOKED_AT = 200;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const isNumberText = (text: string): boolean => NUMBER.test(text.trim());

/** Splits one line on a one-character delimiter, honouring double quotes ("" inside is one "). */
function splitQuoted(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === QUOTE && line[i + 1] === QUOTE) {
      current += c;
      i++;
    } else if (c === QUOTE && (quoted || current.trim() === '')) quoted = !quoted;
    else if (!quoted && c === delimiter) {
      fields.push(current.trim());
      current = '';
    } else current += c;
  }
  fields.push(current.trim());
  return fields;
}

export function splitLine(line: string, delimiter: string): string[] {
  return delimiter === 'whitespace' ? line.trim().split(/\s+/) : splitQuoted(line, delimiter);
}

/** The most common number of fields and the share of lines that have it. */
function modalWidth(lines: readonly string[], delimiter: string): { width: number; share: number } {
  const counts = new Map<number, number>();
  for (const line of lines) {
    const width = splitLine(line, delimiter).length;
    counts.set(width, (counts.get(width) ?? 0) + 1);
  }
  let best = { width: 0, count: 0 };
  for (const [width, count] of counts) if (count > best.count || (count === best.count && width > best.width)) best = { width, count };
  return { width: best.width, share: best.count / Math.max(lines.length, 1) };
}

function pickDelimiter(lines: readonly string[]): { delimiter: string; why: string } | undefined {
  let best: { delimiter: string; why: string; share: number; width: number } | undefined;
  for (const [delimiter, word] of CANDIDATES) {
    const { width, share } = modalWidth(lines, delimiter);
    if (width < 2 || share < CONSISTENT_SHARE) continue;
    if (!best || share > best.share || (share === best.share && width > best.width)) best = { delimiter, why: `${width} fields separated by ${word}`, share, width };
  }
  if (best) return best;
  const spaced = modalWidth(lines, 'whitespace');
  if (spaced.width >= 2 && spaced.share >= CONSISTENT_SHARE) return { delimiter: 'whitespace', why: `${spaced.width} fields separated by runs of spaces` };
  return undefined;
}

/**
 * A header names its columns: no name is empty, a number or repeated, and in some column the
 * values below are numbers or never repeat the name (a first data row would not stand out so).
 */
function looksLikeHeader(rows: readonly string[][]): boolean {
  const [first, ...body] = rows;
  if (!first || first.some((name) => name === '' || isNumberText(name))) return false;
  if (new Set(first.map((name) => name.toLowerCase())).size !== first.length) return false;
  if (body.length === 0) return true;
  return first.some((name, i) => {
    const values = body.map((row) => row[i] ?? '');
    return values.filter(isNumberText).length >= CONSISTENT_SHARE * values.length || !values.includes(name);
  });
}

/** A file of one column: data when its lines are single tokens, prose when they are sentences. */
function singleColumn(lines: readonly string[]): DialectGuess {
  const spaced = lines.filter((line) => /\S\s+\S/.test(line.trim())).length;
  if (spaced > (1 - CONSISTENT_SHARE) * lines.length) return { skip: 'not a table: lines of text with no consistent delimiter' };
  // Padding around the value is what a whitespace-delimited reader ignores and a CSV reader keeps.
  const padded = lines.some((line) => line !== line.trim());
  const delimiter = padded ? 'whitespace' : ',';
  const header = looksLikeHeader(lines.map((line) => [line.trim()]));
  const names = header ? [(lines[0] as string).trim()] : ['col1'];
  return { dialect: { delimiter, header, names }, why: 'one column' };
}

export function detectDialect(text: string): DialectGuess {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(0, LINES_LOOKED_AT);
  if (lines.length === 0) return { skip: 'empty' };
  const picked = pickDelimiter(lines);
  if (!picked) return singleColumn(lines);
  const rows = lines.map((line) => splitLine(line, picked.delimiter));
  const header = looksLikeHeader(rows);
  const width = modalWidth(lines, picked.delimiter).width;
  const names = header ? (rows[0] as string[]) : Array.from({ length: width }, (_, i) => `col${i + 1}`);
  return { dialect: { delimiter: picked.delimiter, header, names }, why: `${picked.why}, ${header ? 'with' : 'without'} a header` };
}
