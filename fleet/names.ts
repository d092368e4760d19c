/**
 * The one rule for names that reach SQL as identifiers: lower-case letters, digits and `_`,
 * starting with a letter or `_`. Names a user chooses (sensors, attributes, sources) must follow
 * it; names that come from data (codes, components, header columns) are turned into one.
 */
export const SQL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A data value or file header as a column name: lower case, every run of other characters an
 * underscore, a leading digit prefixed with `_`. `Oil Temp (°C)` -> `oil_temp_c`, `E-117` -> `e_117`.
 */
export function columnNameOf(text: string): string {
  const lowered = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const named = lowered === '' ? 'column' : /^[0-9]/.test(lowered) ? `_${lowered}` : lowered;
  return named.slice(0, 63);
}
