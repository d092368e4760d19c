import type { QueryResult } from '../sql/adhoc.js';

export type OutputFormat = 'table' | 'csv' | 'json';

/** Plain JSON-friendly values: ISO 8601 UTC timestamps, numbers for integers that fit, text otherwise. */
export function plainValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}

function cellText(value: unknown): string {
  const plain = plainValue(value);
  if (plain === null || plain === undefined) return '';
  return typeof plain === 'object' ? JSON.stringify(plain) : String(plain);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The widest a table cell gets: one long value must not pad every row (CSV and JSON keep it whole). */
const TABLE_CELL_MAX = 200;
const tableCell = (value: unknown): string => {
  const text = cellText(value);
  return text.length > TABLE_CELL_MAX ? `${text.slice(0, TABLE_CELL_MAX - 1)}…` : text;
};

function renderTable(result: QueryResult): string {
  const cells = result.rows.map((row) => row.map(tableCell));
  const widths = result.columns.map((name, i) => Math.max(name.length, ...cells.map((row) => (row[i] ?? '').length)));
  const numeric = result.columns.map((_, i) => result.rows.every((row) => row[i] === null || typeof row[i] === 'number' || typeof row[i] === 'bigint'));
  const line = (values: string[], header: boolean): string =>
    values.map((v, i) => (numeric[i] && !header ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const count = `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`;
  return [line(result.columns, true), rule, ...cells.map((row) => line(row, false)), count].join('\n') + '\n';
}

export function renderResult(result: QueryResult, format: OutputFormat): string {
  switch (format) {
    case 'table':
      return renderTable(result);
    case 'csv':
      return [result.columns, ...result.rows.map((row) => row.map(cellText))].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
    case 'json':
      return JSON.stringify(result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, plainValue(row[i])])))) + '\n';
  }
}
