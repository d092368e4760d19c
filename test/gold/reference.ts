/**
 * Reference implementation of the gold feature/label table (docs/tables.md#gold), for any fleet.
 *
 * Written to be obviously correct rather than fast: for every grid point it scans the asset's
 * rows with plain loops and applies the definitions literally. Tests use it to check the DuckDB
 * SQL implementation row by row and column by column. It was written from the table contract
 * (docs/tables.md, docs/gold.md), not from the production SQL.
 *
 * The generic entry point is `referenceGoldFor(fleet, data, params)`; `referenceGold(data,
 * params)` and `goldColumns(params)` are thin wrappers for the default (Azure) shape.
 *
 * Inputs:
 * - ReferenceFleet: the fleet definition. `sensors` (any names), `aggregates` (among mean, std,
 *   min, max, last, slope, in column order), `windows` ({ text: '12h', seconds: 43200 }),
 *   `stepSeconds`, `alarmCodes` + `alarmWindow` (no codes: no alarm columns, the window may be
 *   null), `components` (maintenance; may be empty), `classes` (failure classes in tie-break
 *   order: ['comp1', ..., 'comp4'] or ['failure']), `attributes` (asset attribute names; may be
 *   empty), optional `columnNameOf` (alarm code / component -> column name; default
 *   `defaultColumnNameOf`) and optional `idColumn` (default 'machine_id').
 * - ReferenceData: `readings` ({ id, ts, values: { sensor: number | null } }: one row per
 *   (id, ts); every sensor must be a key, null when an optional sensor has no value),
 *   `alarms` ({ id, ts, code }), `replacements` ({ id, ts, component }), `failures` ({ id, ts,
 *   failureClass }) and `assets` ({ id, attributes: { name: string | number | null } }, or null
 *   when the fleet has no asset table). Ids are all numbers or all strings.
 * - ReferenceParams: `from`, `to` (the grid range), `labelCutoff` and `horizonSeconds`.
 *
 * Conventions (all times UTC, only getTime() arithmetic, in milliseconds):
 * - Grid: the assets on the grid are those with at least one reading and, when `assets` is not
 *   null, listed in `assets`. For each of them, every ts that is a whole multiple of the step
 *   since 1970-01-01T00:00:00Z with firstReading <= ts <= lastReading (over ALL the asset's
 *   readings, even those whose sensor values are all null) and from <= ts < to.
 * - Row order: by asset id (`compareAssetIds`: numbers numerically; strings by Unicode code
 *   point, which is also UTF-8 byte order, NOT JavaScript's `<` on UTF-16 code units; the two
 *   differ only for characters above U+FFFF against U+E000..U+FFFF), then by ts ascending.
 * - Columns: idColumn, ts; then for each sensor, for each window, for each aggregate:
 *   `<sensor>_<aggregate>_<window text>`; for each alarm code `<cname>_count_<alarm window
 *   text>`; for each component `<cname>_days_since_replacement`; each attribute by its name;
 *   `label`. cname = columnNameOf(code). Duplicate column names are an error.
 * - Sensor windows are (ts - w, ts]; readings whose value for the sensor is null are skipped.
 *   mean; std = sample standard deviation (n - 1), two-pass; min; max; last = the value of the
 *   newest (largest ts) reading; slope = least-squares slope of value against time in HOURS
 *   (value units per hour). No readings: all null. One reading: std and slope null (slope also
 *   null if all readings share one ts, impossible with one reading per (id, ts)).
 * - Alarms: count per code in (ts - alarmWindow, ts], never null.
 * - Maintenance: (ts - last replacement of the component at or before ts) / 86_400_000
 *   (fractional days), null if none.
 * - Attributes: the asset's value, null when the asset has none (or there is no asset table).
 * - Label, with cutoff C and horizon H: f = the first failure of the asset with
 *   ts < f.ts <= ts + H (simultaneous failures: the class earliest in `classes`). If f exists
 *   and f.ts <= C: f's class. Else if ts + H <= C: 'none'. Else null (unknown).
 *   This refines the earlier rule, which made every row with ts + H > C null: a failure that
 *   has already happened by the cutoff is known even if the horizon reaches past it.
 * - The [from, to) range restricts only the grid: windows, replacements and labels look at
 *   all rows of the asset, including those outside the range.
 * - Codes are checked: an alarm code, component or failure class that the fleet does not list
 *   throws (silver quarantines unknown codes, so one here is a mistake in the test harness,
 *   e.g. a case mismatch). Filter the data first to count only some codes.
 */

// ------------------------------------------------------------------ generic types

export type AssetId = number | string;

export type Aggregate = 'mean' | 'std' | 'min' | 'max' | 'last' | 'slope';
export const AGGREGATES: readonly Aggregate[] = ['mean', 'std', 'min', 'max', 'last', 'slope'];

export interface ReferenceWindow {
  /** The window as written in the definition; used in column names: '12h', '7d', '90m'. */
  text: string;
  /** Its length in seconds: 43200 for '12h'. */
  seconds: number;
}

export interface ReferenceFleet {
  /** Name of the asset id column of gold; default 'machine_id'. */
  idColumn?: string;
  sensors: readonly string[];
  /** In column order, e.g. ['mean', 'std']. */
  aggregates: readonly Aggregate[];
  windows: readonly ReferenceWindow[];
  stepSeconds: number;
  /** Codes to count; empty when the fleet has no alarms. */
  alarmCodes: readonly string[];
  /** Required when alarmCodes is not empty. */
  alarmWindow: ReferenceWindow | null;
  /** Maintained components; may be empty. */
  components: readonly string[];
  /** Failure classes in tie-break order (the first one wins simultaneous failures). */
  classes: readonly string[];
  /** Attribute column names, in column order; may be empty. */
  attributes: readonly string[];
  /** Alarm code / component -> column name; default `defaultColumnNameOf`. */
  columnNameOf?: (code: string) => string;
}

export interface ReferenceReading {
  id: AssetId;
  ts: Date;
  /** One key per sensor of the fleet; null when an optional sensor has no value. */
  values: Readonly<Record<string, number | null>>;
}

export interface ReferenceData {
  readings: readonly ReferenceReading[];
  alarms: readonly { id: AssetId; ts: Date; code: string }[];
  replacements: readonly { id: AssetId; ts: Date; component: string }[];
  failures: readonly { id: AssetId; ts: Date; failureClass: string }[];
  /** The asset table, or null when the fleet has none (then every asset with readings is on the grid). */
  assets: readonly { id: AssetId; attributes: Readonly<Record<string, string | number | null>> }[] | null;
}

export interface ReferenceParams {
  from: Date; // grid restricted to from <= ts < to
  to: Date;
  labelCutoff: Date;
  horizonSeconds: number;
}

export type GoldRow = Record<string, number | string | Date | null>;

// ------------------------------------------------------------------ default (Azure) shape

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
  labelCutoff: Date; // see the label rule above
}

export const DEFAULT_STEP_HOURS = 12;
export const DEFAULT_WINDOWS_HOURS: readonly number[] = [12, 24, 36];
export const DEFAULT_HORIZON_HOURS = 48;

export const SENSORS = ['volt', 'rotate', 'pressure', 'vibration'] as const;
export type Sensor = (typeof SENSORS)[number];
export const ERROR_IDS = ['error1', 'error2', 'error3', 'error4', 'error5'] as const;
/** In order of component number: the first one wins a tie. */
export const COMPONENTS = ['comp1', 'comp2', 'comp3', 'comp4'] as const;

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The default fleet definition with the given windows and step (hours). */
export function azureFleet(params: { windowsHours: readonly number[]; stepHours?: number }): ReferenceFleet {
  return {
    idColumn: 'machine_id',
    sensors: [...SENSORS],
    aggregates: ['mean', 'std'],
    windows: params.windowsHours.map((w) => ({ text: `${w}h`, seconds: w * 3600 })),
    stepSeconds: (params.stepHours ?? DEFAULT_STEP_HOURS) * 3600,
    alarmCodes: [...ERROR_IDS],
    alarmWindow: { text: '24h', seconds: 24 * 3600 },
    components: [...COMPONENTS],
    classes: [...COMPONENTS],
    attributes: ['model', 'age'],
  };
}

/** The default-shape silver tables as generic reference data. */
export function azureData(data: SilverData): ReferenceData {
  return {
    readings: data.telemetry.map((r) => ({
      id: r.machine_id,
      ts: r.ts,
      values: { volt: r.volt, rotate: r.rotate, pressure: r.pressure, vibration: r.vibration },
    })),
    alarms: data.errors.map((r) => ({ id: r.machine_id, ts: r.ts, code: r.error_id })),
    replacements: data.maint.map((r) => ({ id: r.machine_id, ts: r.ts, component: r.comp })),
    failures: data.failures.map((r) => ({ id: r.machine_id, ts: r.ts, failureClass: r.failure })),
    assets: data.machines.map((m) => ({ id: m.machine_id, attributes: { model: m.model, age: m.age } })),
  };
}

/** The column names of a default-shape gold row, in order, for the given parameters. */
export function goldColumns(params: Pick<GoldParams, 'windowsHours'>): string[] {
  return goldColumnsFor(azureFleet(params));
}

/** The default-shape gold table (see the conventions at the top). */
export function referenceGold(data: SilverData, params: GoldParams): GoldRow[] {
  return referenceGoldFor(azureFleet(params), azureData(data), {
    from: params.from,
    to: params.to,
    labelCutoff: params.labelCutoff,
    horizonSeconds: params.horizonHours * 3600,
  });
}

// ------------------------------------------------------------------ small definitions

/**
 * Code -> column name: lower-case; every run of characters outside [a-z0-9_] -> '_'; leading
 * and trailing '_' removed; '_' prefixed if the result starts with a digit.
 */
export function defaultColumnNameOf(code: string): string {
  let name = code.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  while (name.startsWith('_')) name = name.slice(1);
  while (name.endsWith('_')) name = name.slice(0, -1);
  if (/^[0-9]/.test(name)) name = '_' + name;
  return name;
}

/** Strings by Unicode code point (= UTF-8 byte order); -1, 0 or 1. */
export function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a); // one element per code point
  const y = Array.from(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const p = (x[i] as string).codePointAt(0) as number;
    const q = (y[i] as string).codePointAt(0) as number;
    if (p !== q) return p < q ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** The row order of asset ids: numbers numerically, strings by code point; -1, 0 or 1. */
export function compareAssetIds(a: AssetId, b: AssetId): number {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  throw new Error(`referenceGold: cannot compare ids ${JSON.stringify(a)} and ${JSON.stringify(b)} of different types`);
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

/**
 * Least-squares slope of value against time in hours: sum(dx * dy) / sum(dx * dx), two-pass.
 * null for fewer than two points or when all points share one time. x is measured from the
 * first point's time (a slope does not depend on where x starts; this keeps x small and exact).
 */
export function slopePerHour(points: readonly { ms: number; value: number }[]): number | null {
  const n = points.length;
  if (n < 2) return null;
  const originMs = (points[0] as { ms: number }).ms;
  let sumX = 0;
  let sumY = 0;
  for (const p of points) {
    sumX += (p.ms - originMs) / HOUR_MS;
    sumY += p.value;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const dx = (p.ms - originMs) / HOUR_MS - meanX;
    sxx += dx * dx;
    sxy += dx * (p.value - meanY);
  }
  if (sxx === 0) return null;
  return sxy / sxx;
}

/** One aggregate of the (non-null) points of a window, in ascending time. */
function aggregateOf(aggregate: Aggregate, points: readonly { ms: number; value: number }[]): number | null {
  if (points.length === 0) return null;
  switch (aggregate) {
    case 'mean':
      return meanAndSampleStd(points.map((p) => p.value)).mean;
    case 'std':
      return meanAndSampleStd(points.map((p) => p.value)).std;
    case 'min': {
      let min = Infinity;
      for (const p of points) if (p.value < min) min = p.value;
      return min;
    }
    case 'max': {
      let max = -Infinity;
      for (const p of points) if (p.value > max) max = p.value;
      return max;
    }
    case 'last': {
      let newest = points[0] as { ms: number; value: number };
      for (const p of points) if (p.ms > newest.ms) newest = p;
      return newest.value;
    }
    case 'slope':
      return slopePerHour(points);
  }
}

// ------------------------------------------------------------------ checks and helpers

function fail(message: string): never {
  throw new Error(`referenceGold: ${message}`);
}

function timeOf(d: Date, what: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (!Number.isFinite(t)) fail(`invalid date in ${what}`);
  return t;
}

function positive(x: number, what: string): number {
  if (!Number.isFinite(x) || x <= 0) fail(`${what} must be a positive number, got ${x}`);
  return x;
}

function groupById<T extends { id: AssetId }>(rows: readonly T[]): Map<AssetId, T[]> {
  const out = new Map<AssetId, T[]>();
  for (const row of rows) {
    const list = out.get(row.id);
    if (list) list.push(row);
    else out.set(row.id, [row]);
  }
  return out;
}

/** A sorted copy, by ts (only so that summation order is deterministic). */
function byTs<T extends { ts: Date }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => a.ts.getTime() - b.ts.getTime());
}

function checkCode(code: string, allowed: readonly string[], what: string): void {
  if (!allowed.includes(code)) fail(`unknown ${what} ${JSON.stringify(code)}`);
}

function checkFleet(fleet: ReferenceFleet): void {
  positive(fleet.stepSeconds, 'stepSeconds');
  if (!Number.isInteger(fleet.stepSeconds * SECOND_MS)) fail('stepSeconds must be a whole number of milliseconds');
  for (const w of fleet.windows) positive(w.seconds, `window ${w.text}`);
  for (const a of fleet.aggregates) if (!AGGREGATES.includes(a)) fail(`unknown aggregate ${JSON.stringify(a)}`);
  if (fleet.alarmCodes.length > 0) {
    if (fleet.alarmWindow === null) fail('alarmCodes need an alarmWindow');
    positive(fleet.alarmWindow.seconds, 'alarmWindow');
  }
  if (fleet.classes.length === 0) fail('classes is empty');
  if (fleet.classes.includes('none')) fail("'none' cannot be a failure class");
  if (new Set(fleet.classes).size !== fleet.classes.length) fail('classes has duplicates');
}

// ------------------------------------------------------------------ the table

/** The column names of a gold row of this fleet, in order. Throws on duplicates. */
export function goldColumnsFor(fleet: ReferenceFleet): string[] {
  checkFleet(fleet);
  const nameOf = (code: string): string => {
    const name = (fleet.columnNameOf ?? defaultColumnNameOf)(code);
    if (name === '') fail(`code ${JSON.stringify(code)} has an empty column name`);
    return name;
  };
  const cols = [fleet.idColumn ?? 'machine_id', 'ts'];
  for (const sensor of fleet.sensors) {
    for (const w of fleet.windows) {
      for (const a of fleet.aggregates) cols.push(`${sensor}_${a}_${w.text}`);
    }
  }
  for (const code of fleet.alarmCodes) cols.push(`${nameOf(code)}_count_${(fleet.alarmWindow as ReferenceWindow).text}`);
  for (const comp of fleet.components) cols.push(`${nameOf(comp)}_days_since_replacement`);
  for (const attribute of fleet.attributes) cols.push(attribute);
  cols.push('label');
  const seen = new Set<string>();
  for (const c of cols) {
    if (c === '') fail('empty column name');
    if (seen.has(c)) fail(`duplicate column ${JSON.stringify(c)}`);
    seen.add(c);
  }
  return cols;
}

export function referenceGoldFor(fleet: ReferenceFleet, data: ReferenceData, params: ReferenceParams): GoldRow[] {
  // ---- validate the definition, the parameters and the input (silver guarantees these; fail loudly if not)
  const columns = goldColumnsFor(fleet);
  const nameOf = fleet.columnNameOf ?? defaultColumnNameOf;
  const idColumn = fleet.idColumn ?? 'machine_id';
  const fromMs = timeOf(params.from, 'params.from');
  const toMs = timeOf(params.to, 'params.to');
  const cutoffMs = timeOf(params.labelCutoff, 'params.labelCutoff');
  const horizonMs = positive(params.horizonSeconds, 'horizonSeconds') * SECOND_MS;
  const stepMs = fleet.stepSeconds * SECOND_MS;

  const idTypes = new Set<string>();
  const checkId = (id: AssetId, what: string): void => {
    if (typeof id === 'number' ? !Number.isFinite(id) : typeof id !== 'string') fail(`bad id ${String(id)} in ${what}`);
    idTypes.add(typeof id);
  };
  for (const r of data.readings) {
    checkId(r.id, 'readings');
    timeOf(r.ts, 'readings');
    for (const s of fleet.sensors) {
      const v = r.values[s];
      if (v === undefined) fail(`reading without a value for sensor ${s} (use null for none)`);
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) fail(`non-finite ${s} reading`);
    }
  }
  for (const r of data.alarms) {
    checkId(r.id, 'alarms');
    timeOf(r.ts, 'alarms');
    checkCode(r.code, fleet.alarmCodes, 'alarm code');
  }
  for (const r of data.replacements) {
    checkId(r.id, 'replacements');
    timeOf(r.ts, 'replacements');
    checkCode(r.component, fleet.components, 'component');
  }
  for (const r of data.failures) {
    checkId(r.id, 'failures');
    timeOf(r.ts, 'failures');
    checkCode(r.failureClass, fleet.classes, 'failure class');
  }
  const assetById = new Map<AssetId, Readonly<Record<string, string | number | null>>>();
  if (data.assets !== null) {
    for (const a of data.assets) {
      checkId(a.id, 'assets');
      if (assetById.has(a.id)) fail(`asset ${JSON.stringify(a.id)} listed twice`);
      assetById.set(a.id, a.attributes);
    }
  }
  if (idTypes.size > 1) fail('ids mix numbers and strings');

  // ---- group rows by asset
  const readingsBy = groupById(data.readings);
  const alarmsBy = groupById(data.alarms);
  const replacementsBy = groupById(data.replacements);
  const failuresBy = groupById(data.failures);

  // one reading per (id, ts), so that 'last' is well defined
  for (const [id, list] of readingsBy) {
    const sorted = byTs(list);
    for (let i = 1; i < sorted.length; i++) {
      const ts = (sorted[i] as ReferenceReading).ts;
      if (ts.getTime() === (sorted[i - 1] as ReferenceReading).ts.getTime()) fail(`two readings for id ${JSON.stringify(id)} at ${ts.toISOString()}`);
    }
  }

  // ---- the assets on the grid: with readings, and listed when there is an asset table
  const ids: AssetId[] = [];
  for (const id of readingsBy.keys()) {
    if (data.assets === null || assetById.has(id)) ids.push(id);
  }
  ids.sort(compareAssetIds);

  const rows: GoldRow[] = [];
  for (const id of ids) {
    const readings = byTs(readingsBy.get(id) ?? []);
    const alarms = alarmsBy.get(id) ?? [];
    const replacements = replacementsBy.get(id) ?? [];
    const failures = failuresBy.get(id) ?? [];
    const attributes = assetById.get(id); // undefined without an asset table

    let firstMs = Infinity;
    let lastMs = -Infinity;
    for (const r of readings) {
      firstMs = Math.min(firstMs, r.ts.getTime());
      lastMs = Math.max(lastMs, r.ts.getTime());
    }

    // every UTC step boundary from the first reading to the last, then the [from, to) filter
    for (let tsMs = Math.ceil(firstMs / stepMs) * stepMs; tsMs <= lastMs; tsMs += stepMs) {
      if (tsMs < fromMs || tsMs >= toMs) continue;
      const row: GoldRow = { [idColumn]: id, ts: new Date(tsMs) };

      // sensor windows (ts - w, ts]: the readings of each window, in ascending time
      const inWindow: ReferenceReading[][] = [];
      for (const w of fleet.windows) {
        const startMs = tsMs - w.seconds * SECOND_MS;
        const list: ReferenceReading[] = [];
        for (const r of readings) {
          const t = r.ts.getTime();
          if (t > startMs && t <= tsMs) list.push(r);
        }
        inWindow.push(list);
      }
      for (const sensor of fleet.sensors) {
        for (let wi = 0; wi < fleet.windows.length; wi++) {
          const w = fleet.windows[wi] as ReferenceWindow;
          const points: { ms: number; value: number }[] = [];
          for (const r of inWindow[wi] as ReferenceReading[]) {
            const v = r.values[sensor];
            if (v !== null && v !== undefined) points.push({ ms: r.ts.getTime(), value: v });
          }
          for (const a of fleet.aggregates) row[`${sensor}_${a}_${w.text}`] = aggregateOf(a, points);
        }
      }

      // alarm counts in (ts - alarmWindow, ts]
      for (const code of fleet.alarmCodes) {
        const window = fleet.alarmWindow as ReferenceWindow;
        const startMs = tsMs - window.seconds * SECOND_MS;
        let count = 0;
        for (const r of alarms) {
          const t = r.ts.getTime();
          if (r.code === code && t > startMs && t <= tsMs) count += 1;
        }
        row[`${nameOf(code)}_count_${window.text}`] = count;
      }

      // days since the last replacement at or before ts
      for (const comp of fleet.components) {
        let lastReplacementMs: number | null = null;
        for (const r of replacements) {
          const t = r.ts.getTime();
          if (r.component === comp && t <= tsMs && (lastReplacementMs === null || t > lastReplacementMs)) {
            lastReplacementMs = t;
          }
        }
        row[`${nameOf(comp)}_days_since_replacement`] = lastReplacementMs === null ? null : (tsMs - lastReplacementMs) / DAY_MS;
      }

      // attributes as given
      for (const attribute of fleet.attributes) {
        const value = attributes?.[attribute];
        row[attribute] = value === undefined ? null : value;
      }

      // label: the first failure in (ts, ts + H]; known if it happened by the cutoff, 'none' if
      // the whole horizon is before the cutoff, unknown otherwise
      const endMs = tsMs + horizonMs;
      let firstFailureMs: number | null = null;
      let firstRank = Infinity;
      for (const r of failures) {
        const t = r.ts.getTime();
        if (t <= tsMs || t > endMs) continue;
        const rank = fleet.classes.indexOf(r.failureClass);
        if (firstFailureMs === null || t < firstFailureMs || (t === firstFailureMs && rank < firstRank)) {
          firstFailureMs = t;
          firstRank = rank;
        }
      }
      if (firstFailureMs !== null && firstFailureMs <= cutoffMs) {
        row.label = fleet.classes[firstRank] as string;
      } else if (endMs <= cutoffMs) {
        row.label = 'none';
      } else {
        row.label = null;
      }

      // a guard against a typo above: the row has exactly the columns of goldColumnsFor (keys
      // are written in column order, but JavaScript lists integer-like keys first, so compare sets)
      const keys = Object.keys(row);
      if (keys.length !== columns.length || columns.some((c) => !(c in row))) fail('internal: row keys differ from goldColumnsFor');
      rows.push(row);
    }
  }

  // sorted by id (ids is sorted), then ts (the grid loop ascends)
  return rows;
}
