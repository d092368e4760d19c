/**
 * Reference implementation of the gold feature/label table (SPEC section 5).
 *
 * Written to be obviously correct rather than fast: for every grid point it scans the
 * machine's silver rows with plain loops and applies the definitions literally. Tests use it
 * to check the DuckDB SQL implementation row by row and column by column.
 *
 * Conventions (all times UTC, only getTime() arithmetic):
 * - Grid: for each machine present in `machines` that has telemetry, every ts that is a whole
 *   multiple of stepHours hours since 1970-01-01T00:00:00Z with
 *   firstTelemetry <= ts <= lastTelemetry (over ALL the machine's telemetry) and
 *   from <= ts < to.
 * - Telemetry windows are (ts - w h, ts]; mean and sample std (n - 1), two-pass.
 *   No readings: both null; one reading: std null.
 * - Errors: count per error1..error5 in (ts - 24 h, ts] (fixed 24 h, never null).
 * - Maintenance: (ts - last replacement at or before ts) / 86_400_000, null if none.
 * - Label: first failure in (ts, ts + horizon]; null when ts + horizon > labelCutoff;
 *   'none' when there is no failure; ties at the earliest time -> lowest component number.
 * - The [from, to) range restricts only the grid: windows, replacements and labels look at
 *   all rows of the machine, including those outside the range.
 */

export interface SilverData {
  telemetry: { machine_id: number; ts: Date; volt: number; rotate: number; pressure: number; vibration: number }[];
  errors: { machine_id: number; ts: Date; error_id: string }[]; // 'error1'..'error5'
  maint: { machine_id: number; ts: Date; comp: string }[]; // 'comp1'..'comp4'
  failures: { machine_id: number; ts: Date; failure: string }[]; // 'comp1'..'comp4'
  machines: { machine_id: number; model: string; age: number }[];
}

export interface GoldParams {
  from: Date; // grid restricted to from <= ts < to
  to: Date;
  stepHours: number; // default 12
  windowsHours: number[]; // default [12, 24, 36]
  horizonHours: number; // default 48
  labelCutoff: Date; // labels NULL when ts + horizon > labelCutoff
}

export type GoldRow = Record<string, number | string | Date | null>;

export const DEFAULT_STEP_HOURS = 12;
export const DEFAULT_WINDOWS_HOURS: readonly number[] = [12, 24, 36];
export const DEFAULT_HORIZON_HOURS = 48;

export const SENSORS = ['volt', 'rotate', 'pressure', 'vibration'] as const;
export type Sensor = (typeof SENSORS)[number];
export const ERROR_IDS = ['error1', 'error2', 'error3', 'error4', 'error5'] as const;
/** In order of component number: the first one wins a tie. */
export const COMPONENTS = ['comp1', 'comp2', 'comp3', 'comp4'] as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const ERROR_WINDOW_HOURS = 24;

/** The column names of a gold row, in order, for the given parameters. */
export function goldColumns(params: Pick<GoldParams, 'windowsHours'>): string[] {
  const cols = ['machine_id', 'ts'];
  for (const sensor of SENSORS) {
    for (const w of params.windowsHours) {
      cols.push(`${sensor}_mean_${w}h`, `${sensor}_std_${w}h`);
    }
  }
  for (const e of ERROR_IDS) cols.push(`${e}_count_24h`);
  for (const c of COMPONENTS) cols.push(`${c}_days_since_replacement`);
  cols.push('model', 'age', 'label');
  return cols;
}

/** Mean and sample standard deviation, two-pass. Empty: both null; one value: std null. */
export function meanAndSampleStd(values: readonly number[]): { mean: number | null; std: number | null } {
  const n = values.length;
  if (n === 0) return { mean: null, std: null };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n === 1) return { mean, std: null };
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(squares / (n - 1)) };
}

function timeOf(d: Date, what: string): number {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new Error(`referenceGold: invalid date in ${what}`);
  return t;
}

function positive(x: number, what: string): number {
  if (!Number.isFinite(x) || x <= 0) throw new Error(`referenceGold: ${what} must be a positive number, got ${x}`);
  return x;
}

function groupByMachine<T extends { machine_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const list = out.get(row.machine_id);
    if (list) list.push(row);
    else out.set(row.machine_id, [row]);
  }
  return out;
}

function byTs<T extends { ts: Date }>(rows: T[]): T[] {
  return rows.sort((a, b) => a.ts.getTime() - b.ts.getTime());
}

function checkCode(code: string, allowed: readonly string[], what: string): void {
  if (!allowed.includes(code)) throw new Error(`referenceGold: unknown ${what} ${JSON.stringify(code)}`);
}

export function referenceGold(data: SilverData, params: GoldParams): GoldRow[] {
  // ---- validate the parameters and the input (silver guarantees these; fail loudly if not)
  const fromMs = timeOf(params.from, 'params.from');
  const toMs = timeOf(params.to, 'params.to');
  const cutoffMs = timeOf(params.labelCutoff, 'params.labelCutoff');
  const stepMs = positive(params.stepHours, 'stepHours') * HOUR_MS;
  if (!Number.isInteger(stepMs)) throw new Error('referenceGold: stepHours must be a whole number of milliseconds');
  const horizonMs = positive(params.horizonHours, 'horizonHours') * HOUR_MS;
  for (const w of params.windowsHours) positive(w, 'every window');
  if (new Set(params.windowsHours).size !== params.windowsHours.length) {
    throw new Error('referenceGold: windowsHours has duplicates');
  }
  for (const r of data.telemetry) {
    timeOf(r.ts, 'telemetry');
    for (const s of SENSORS) {
      if (!Number.isFinite(r[s])) throw new Error(`referenceGold: non-finite ${s} reading`);
    }
  }
  for (const r of data.errors) {
    timeOf(r.ts, 'errors');
    checkCode(r.error_id, ERROR_IDS, 'error_id');
  }
  for (const r of data.maint) {
    timeOf(r.ts, 'maint');
    checkCode(r.comp, COMPONENTS, 'maint comp');
  }
  for (const r of data.failures) {
    timeOf(r.ts, 'failures');
    checkCode(r.failure, COMPONENTS, 'failure');
  }
  const machineById = new Map<number, { model: string; age: number }>();
  for (const m of data.machines) {
    if (machineById.has(m.machine_id)) throw new Error(`referenceGold: machine ${m.machine_id} listed twice`);
    machineById.set(m.machine_id, { model: m.model, age: m.age });
  }

  // ---- group rows by machine (sorted by ts only so that summation order is deterministic)
  const telemetryBy = groupByMachine(data.telemetry);
  const errorsBy = groupByMachine(data.errors);
  const maintBy = groupByMachine(data.maint);
  const failuresBy = groupByMachine(data.failures);

  const machineIds = [...machineById.keys()].sort((a, b) => a - b);
  const rows: GoldRow[] = [];

  for (const machineId of machineIds) {
    const machine = machineById.get(machineId);
    const telemetry = byTs(telemetryBy.get(machineId) ?? []);
    if (machine === undefined || telemetry.length === 0) continue;
    const errors = errorsBy.get(machineId) ?? [];
    const maint = maintBy.get(machineId) ?? [];
    const failures = failuresBy.get(machineId) ?? [];

    let firstMs = Infinity;
    let lastMs = -Infinity;
    for (const r of telemetry) {
      firstMs = Math.min(firstMs, r.ts.getTime());
      lastMs = Math.max(lastMs, r.ts.getTime());
    }

    // every UTC step boundary from the first reading to the last, then the [from, to) filter
    for (let tsMs = Math.ceil(firstMs / stepMs) * stepMs; tsMs <= lastMs; tsMs += stepMs) {
      if (tsMs < fromMs || tsMs >= toMs) continue;
      const row: GoldRow = { machine_id: machineId, ts: new Date(tsMs) };

      // telemetry windows (ts - w h, ts]
      for (const sensor of SENSORS) {
        for (const w of params.windowsHours) {
          const startMs = tsMs - w * HOUR_MS;
          const values: number[] = [];
          for (const r of telemetry) {
            const t = r.ts.getTime();
            if (t > startMs && t <= tsMs) values.push(r[sensor]);
          }
          const { mean, std } = meanAndSampleStd(values);
          row[`${sensor}_mean_${w}h`] = mean;
          row[`${sensor}_std_${w}h`] = std;
        }
      }

      // error counts in (ts - 24 h, ts]
      for (const errorId of ERROR_IDS) {
        const startMs = tsMs - ERROR_WINDOW_HOURS * HOUR_MS;
        let count = 0;
        for (const r of errors) {
          const t = r.ts.getTime();
          if (r.error_id === errorId && t > startMs && t <= tsMs) count += 1;
        }
        row[`${errorId}_count_24h`] = count;
      }

      // days since the last replacement at or before ts
      for (const comp of COMPONENTS) {
        let lastReplacementMs: number | null = null;
        for (const r of maint) {
          const t = r.ts.getTime();
          if (r.comp === comp && t <= tsMs && (lastReplacementMs === null || t > lastReplacementMs)) {
            lastReplacementMs = t;
          }
        }
        row[`${comp}_days_since_replacement`] = lastReplacementMs === null ? null : (tsMs - lastReplacementMs) / DAY_MS;
      }

      row.model = machine.model;
      row.age = machine.age;

      // label: first failure in (ts, ts + horizon]; unknown past the cutoff
      const endMs = tsMs + horizonMs;
      if (endMs > cutoffMs) {
        row.label = null;
      } else {
        let bestMs: number | null = null;
        let bestRank = Infinity;
        for (const r of failures) {
          const t = r.ts.getTime();
          if (t <= tsMs || t > endMs) continue;
          const rank = COMPONENTS.indexOf(r.failure as (typeof COMPONENTS)[number]);
          if (bestMs === null || t < bestMs || (t === bestMs && rank < bestRank)) {
            bestMs = t;
            bestRank = rank;
          }
        }
        row.label = bestMs === null ? 'none' : (COMPONENTS[bestRank] ?? null);
      }

      rows.push(row);
    }
  }

  // already sorted by machine_id (machineIds is sorted), then ts (the grid loop ascends)
  return rows;
}
