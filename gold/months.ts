/** Gold is partitioned by calendar month (UTC) of ts: one Parquet file per month. */

export const monthKey = (d: Date): string => d.toISOString().slice(0, 7);

export const monthStart = (key: string): Date => new Date(`${key}-01T00:00:00Z`);

export function nextMonth(key: string): Date {
  const start = monthStart(key);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** The months that [from, to) touches. */
export function monthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  for (let key = monthKey(from); monthStart(key) < to; key = monthKey(nextMonth(key))) months.push(key);
  return months;
}

/** The month of a gold partition file, from its name (`gold/build-NNNNNN/YYYY-MM.parquet`). */
export function monthOfFile(file: string): string {
  const match = /(\d{4}-\d{2})\.parquet$/.exec(file);
  if (!match?.[1]) throw new Error(`not a gold partition file: ${file}`);
  return match[1];
}
