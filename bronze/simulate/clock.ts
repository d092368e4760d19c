/**
 * Time on the simulation's hour grid. Hour 0 is --from at 00:00 UTC; events before it (the
 * maintenance history) have negative hours. Datetimes are written in the three forms a time is
 * read in without a declared format (docs/tables.md#sources); the plain one is the default.
 */
import { MAINTENANCE_HISTORY_MONTHS } from './calibration.js';

const HOUR_MS = 3_600_000;
export const DAY_HOURS = 24;

export interface Period {
  startMs: number;
  days: number;
  /** Telemetry hours: 0 .. hours-1. */
  hours: number;
  /** First day of the maintenance history, counted from --from (negative). */
  historyStartDay: number;
}

export function periodOf(from: string, days: number): Period {
  const startMs = Date.parse(`${from}T00:00:00Z`);
  const historyStart = new Date(startMs);
  historyStart.setUTCMonth(historyStart.getUTCMonth() - MAINTENANCE_HISTORY_MONTHS);
  const historyStartDay = Math.round((historyStart.getTime() - startMs) / (DAY_HOURS * HOUR_MS));
  return { startMs, days, hours: days * DAY_HOURS, historyStartDay };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function hourMs(period: Period, hour: number): number {
  return period.startMs + hour * HOUR_MS;
}

/** `YYYY-MM-DD HH:MM:SS`. */
export function plainTimestamp(period: Period, hour: number): string {
  const d = new Date(hourMs(period, hour));
  const year = String(d.getUTCFullYear()).padStart(4, '0');
  return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:00:00`;
}

/** ISO 8601 with `T` and `Z`. */
export function isoTimestamp(period: Period, hour: number): string {
  return plainTimestamp(period, hour).replace(' ', 'T') + 'Z';
}

/** The US form of older copies of the public data: `M/D/YYYY h:mm:ss AM`. */
export function usTimestamp(period: Period, hour: number): string {
  const d = new Date(hourMs(period, hour));
  const h24 = d.getUTCHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h12}:00:00 ${h24 < 12 ? 'AM' : 'PM'}`;
}

export const TIMESTAMP_FORMS = { plain: plainTimestamp, iso: isoTimestamp, us: usTimestamp } as const;

/** The plain timestamps of every telemetry hour as ASCII bytes, computed once for all machines. */
export class HourGrid {
  static readonly WIDTH = 19;
  readonly bytes: Uint8Array;

  constructor(period: Period) {
    this.bytes = new Uint8Array(period.hours * HourGrid.WIDTH);
    for (let h = 0; h < period.hours; h++) {
      this.bytes.set(Buffer.from(plainTimestamp(period, h), 'latin1'), h * HourGrid.WIDTH);
    }
  }
}
