import { SQL_KEYWORDS } from '../sql/keywords.js';

/**
 * The one rule for names that reach SQL as identifiers: lower-case letters, digits and `_`,
 * starting with a letter, and not an SQL keyword. Names a user chooses (sensors, attributes,
 * sources) must follow it; names that come from data (codes, components, header columns) are
 * turned into one by columnNameOf.
 */
export const isSqlName = (name: string): boolean => /^[a-z][a-z0-9_]{0,62}$/.test(name) && !SQL_KEYWORDS.has(name);

/** Columns every silver or gold table, or silver's own work, already has: no sensor or attribute may take them. */
export const RESERVED_COLUMNS: ReadonlySet<string> = new Set([
  'machine_id', 'ts', 'label', 'reason', 'reading_ts', 'arrival_rank', 'same_as_kept', 'kept_load_id', 'kept_row_number', 'error_id', 'comp', 'failure',
]);

/**
 * A data value or file header as part of a column name: lower case, every run of other characters
 * an underscore, a leading digit prefixed with `_`. `Oil Temp (°C)` -> `oil_temp_c`, `E-117` ->
 * `e_117` (as in `e_117_count_24h`).
 */
export function columnPartOf(text: string): string {
  const lowered = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (lowered === '' ? 'column' : /^[0-9]/.test(lowered) ? `_${lowered}` : lowered).slice(0, 62);
}

/** A data value or file header as a whole column name: its part, with a `_` after a keyword (`Order` -> `order_`). */
export function columnNameOf(text: string): string {
  const part = columnPartOf(text);
  return SQL_KEYWORDS.has(part) ? `${part}_` : part;
}
