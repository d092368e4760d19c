/** A time as the page shows it: UTC, to the minute. */
export const minuteText = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 16).replace('T', ' ') : String(value));

/** Every day from `first` to `last` (YYYY-MM-DD), so that days without data show as gaps. */
export function everyDay(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** A span in the largest unit that keeps it readable: `36 h`, `4.5 d`, `120 d`. */
export function spanText(seconds: number): string {
  const hours = seconds / 3600;
  if (hours < 1) return `${Math.round(seconds / 60)} min`;
  if (hours < 48) return `${Math.round(hours)} h`;
  const days = hours / 24;
  return `${days < 10 ? days.toFixed(1) : Math.round(days)} d`;
}
