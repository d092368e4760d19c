import type { Failure, Prediction } from './report-fleet.js';

/**
 * What the report's alert sections should show, computed the plain way from raw rows: every row
 * of every asset walked in time order, nothing left out, none of the report's code.
 */

const DAY_MS = 86_400_000;
export const minuteMs = (minute: string): number => Date.parse(`${minute.replace(' ', 'T')}:00Z`);

export interface Row {
  asset: string;
  t: number;
  alert: boolean;
}

function byAsset<T extends { asset: string }>(rows: T[], time: (row: T) => number): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) grouped.set(row.asset, [...(grouped.get(row.asset) ?? []), row]);
  for (const list of grouped.values()) list.sort((a, b) => time(a) - time(b));
  return grouped;
}

/**
 * Episode starts: an alert row starts one unless the asset's row before it, at most a step
 * earlier, was an alert of an episode that began less than a horizon before.
 */
export function episodeStartsReference(rows: Row[], stepMs: number, horizonMs: number): Row[] {
  const starts: Row[] = [];
  for (const list of byAsset(rows, (r) => r.t).values()) {
    let start = Number.NaN;
    list.forEach((row, i) => {
      const before = list[i - 1];
      const continues = row.alert && before !== undefined && before.alert && row.t - before.t <= stepMs && row.t < start + horizonMs;
      if (row.alert && !continues) {
        start = row.t;
        starts.push(row);
      }
      if (!row.alert) start = Number.NaN;
    });
  }
  return starts;
}

const dayOf = (t: number): string => new Date(Math.floor(t / DAY_MS) * DAY_MS).toISOString().slice(0, 10);

/** Per day: the assets with an alert row that day, and the episodes started on it. */
export function alertsPerDayReference(rows: Row[], stepMs: number, horizonMs: number): Map<string, { inAlert: number; newEpisodes: number }> {
  const assets = new Map<string, Set<string>>();
  for (const row of rows) if (row.alert) assets.set(dayOf(row.t), (assets.get(dayOf(row.t)) ?? new Set()).add(row.asset));
  const perDay = new Map<string, { inAlert: number; newEpisodes: number }>();
  for (const [day, set] of assets) perDay.set(day, { inAlert: set.size, newEpisodes: 0 });
  for (const start of episodeStartsReference(rows, stepMs, horizonMs)) {
    const entry = perDay.get(dayOf(start.t));
    if (entry) entry.newEpisodes++;
  }
  return perDay;
}

export const rowsOf = (predictions: Prediction[]): Row[] => predictions.map((p) => ({ asset: p.asset, t: minuteMs(p.ts), alert: p.alert === true }));

/** The assets whose latest row before `end` is an alert, with their first row after their last row without one. */
export function inAlertReference(predictions: Prediction[], end: string, counted: (asset: string) => boolean): Map<string, { since: string; diagnosis: string | null }> {
  const inAlert = new Map<string, { since: string; diagnosis: string | null }>();
  for (const [asset, list] of byAsset(predictions.filter((p) => p.ts < end), (p) => minuteMs(p.ts))) {
    const latest = list.at(-1);
    if (!latest?.alert || !counted(asset)) continue;
    let first = list.length - 1;
    while (first > 0 && list[first - 1]?.alert === true) first--;
    inAlert.set(asset, { since: list[first]?.ts ?? '', diagnosis: latest.diagnosis });
  }
  return inAlert;
}

export interface LeadReference {
  outcome: 'alerted' | 'missed' | 'not scored';
  aheadHours: number | null;
}

/** Per failure (`asset|time`): the rows within the horizon before it, and the first alert among them. */
export function leadTimesReference(failures: Failure[], predictions: Prediction[], horizonMs: number, end: string): Map<string, LeadReference> {
  const rows = byAsset(predictions.filter((p) => p.ts < end), (p) => minuteMs(p.ts));
  const leads = new Map<string, LeadReference>();
  for (const f of failures) {
    const failedAt = minuteMs(f.ts);
    const before = (rows.get(f.asset) ?? []).filter((p) => minuteMs(p.ts) < failedAt && minuteMs(p.ts) >= failedAt - horizonMs);
    const first = before.find((p) => p.alert === true);
    const outcome = first ? 'alerted' : before.length ? 'missed' : 'not scored';
    leads.set(`${f.asset}|${f.ts}`, { outcome, aheadHours: first ? (failedAt - minuteMs(first.ts)) / 3_600_000 : null });
  }
  return leads;
}
