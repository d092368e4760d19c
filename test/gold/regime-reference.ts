import { compareAssetIds, meanAndSampleStd, referenceGoldFor, type Aggregate, type GoldRow, type ReferenceData, type ReferenceFleet, type ReferenceParams, type ReferenceReading, type ReferenceWindow } from './reference.js';

/**
 * Reference implementation of operating regimes, windows with their own aggregates and the age
 * (docs/regimes.md), written from that page with plain loops, not from gold/regimes/ or its SQL.
 * It tells each reading's regime, fits the figures on the fit range, normalises the sensors, and
 * hands the normalised readings to `referenceGoldFor` (test/gold/reference.ts) one window at a
 * time, so that each window computes its own aggregates; then adds the regime features and the age.
 *
 * Times are compared in milliseconds; the fit range is [fitFrom, fitTo).
 */

export interface ReferenceRegimes {
  settings: readonly string[];
  method: { kind: 'round'; decimals: readonly number[] } | { kind: 'clusters'; k: number };
  fitFrom: Date;
  fitTo: Date;
  unseen: 'nearest' | 'null';
  features: readonly ('current' | 'share')[];
  normalize: readonly string[];
}

export interface ReferenceFit {
  scale: number[];
  keys: (number[] | null)[];
  centres: number[][];
  mean: (number | null)[][];
  sd: (number | null)[][];
}

/** Half away from zero, as the page says: 0.845 -> 0.85 and -0.845 -> -0.85 (up to the double's own value). */
function roundHalfAway(x: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Math.abs(x) * factor;
  const whole = Math.floor(scaled);
  const rounded = scaled - whole >= 0.5 ? whole + 1 : whole;
  // + 0: minus zero is zero, as a key
  return (Math.sign(x) * rounded) / factor + 0;
}

const settingsOf = (r: ReferenceReading, settings: readonly string[]): number[] | null => {
  const values = settings.map((s) => r.values[s] ?? null);
  return values.every((v) => v !== null) ? (values as number[]) : null;
};

function populationStd(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return Math.sqrt(squares / values.length);
}

function distance(a: readonly number[], b: readonly number[]): number {
  let squares = 0;
  for (let i = 0; i < a.length; i++) squares += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(squares);
}

/** The first of the nearest centres, numbered from 1. */
function nearest(point: readonly number[], centres: readonly number[][]): number {
  let best = 0;
  for (let c = 1; c < centres.length; c++) if (distance(point, centres[c] as number[]) < distance(point, centres[best] as number[])) best = c;
  return best + 1;
}

function meanPoint(points: readonly number[][]): number[] {
  const dims = (points[0] as number[]).length;
  const out: number[] = [];
  for (let d = 0; d < dims; d++) {
    let sum = 0;
    for (const p of points) sum += p[d] as number;
    out.push(sum / points.length);
  }
  return out;
}

/** Lexicographic order of two points: by the first coordinate, then the second, ... */
function lexicographic(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

/** The page's k-means: far-apart starting points, then Lloyd's rounds, centres numbered by their coordinates. */
function clusterCentres(points: readonly number[][], k: number): number[][] {
  const all = meanPoint(points);
  let first = 0;
  for (let i = 1; i < points.length; i++) if (distance(points[i] as number[], all) < distance(points[first] as number[], all)) first = i;
  let centres = [[...(points[first] as number[])]];
  while (centres.length < k) {
    let furthest = 0;
    let gap = -1;
    points.forEach((p, i) => {
      const toNearest = Math.min(...centres.map((c) => distance(p, c)));
      if (toNearest > gap) {
        gap = toNearest;
        furthest = i;
      }
    });
    centres.push([...(points[furthest] as number[])]);
  }
  for (let round = 0; round < 100; round++) {
    const members = centres.map(() => [] as number[][]);
    for (const p of points) (members[nearest(p, centres) - 1] as number[][]).push(p);
    const moved = centres.map((c, i) => ((members[i] as number[][]).length > 0 ? meanPoint(members[i] as number[][]) : c));
    const changed = points.some((p) => nearest(p, centres) !== nearest(p, moved));
    centres = moved;
    if (!changed) break;
  }
  return [...centres].sort(lexicographic);
}

/** Fits the regimes on the fit range's readings; returns the fit and each reading's regime. */
export function referenceRegimeFit(readings: readonly ReferenceReading[], r: ReferenceRegimes): { fit: ReferenceFit; regimeOf: (reading: ReferenceReading) => number | null } {
  const inFit = readings.filter((x) => x.ts.getTime() >= r.fitFrom.getTime() && x.ts.getTime() < r.fitTo.getTime() && settingsOf(x, r.settings) !== null);
  if (inFit.length === 0) throw new Error('reference: no fit reading');
  const raw = inFit.map((x) => settingsOf(x, r.settings) as number[]);
  const scale = r.settings.map((_, i) => {
    const spread = populationStd(raw.map((p) => p[i] as number));
    return spread > 0 ? spread : 1;
  });
  const pointOf = (values: readonly number[]): number[] => values.map((v, i) => v / (scale[i] as number));
  let keys: (number[] | null)[];
  let centres: number[][];
  if (r.method.kind === 'round') {
    const decimals = r.method.decimals;
    const keyOf = (values: readonly number[]): number[] => values.map((v, i) => roundHalfAway(v, decimals[i] as number));
    const byKey = new Map<string, { key: number[]; points: number[][] }>();
    raw.forEach((values) => {
      const key = keyOf(values);
      const entry = byKey.get(key.join('|')) ?? { key, points: [] };
      entry.points.push(pointOf(values));
      byKey.set(key.join('|'), entry);
    });
    const regimes = [...byKey.values()].sort((a, b) => lexicographic(a.key, b.key));
    keys = regimes.map((e) => e.key);
    centres = regimes.map((e) => meanPoint(e.points));
  } else {
    centres = clusterCentres(raw.map(pointOf), r.method.k);
    keys = centres.map(() => null);
  }
  const method = r.method;
  const regimeOf = (reading: ReferenceReading): number | null => {
    const values = settingsOf(reading, r.settings);
    if (values === null) return null;
    if (method.kind === 'round') {
      const key = values.map((v, i) => roundHalfAway(v, method.decimals[i] as number));
      const found = keys.findIndex((k) => k !== null && k.every((x, i) => x === key[i]));
      if (found >= 0) return found + 1;
      if (r.unseen === 'null') return null;
    }
    return nearest(pointOf(values), centres);
  };
  const mean = r.normalize.map((sensor) =>
    centres.map((_, n) => meanAndSampleStd(inFit.filter((x) => regimeOf(x) === n + 1 && x.values[sensor] !== null).map((x) => x.values[sensor] as number)).mean),
  );
  const sd = r.normalize.map((sensor) =>
    centres.map((_, n) => meanAndSampleStd(inFit.filter((x) => regimeOf(x) === n + 1 && x.values[sensor] !== null).map((x) => x.values[sensor] as number)).std),
  );
  return { fit: { scale, keys, centres, mean, sd }, regimeOf };
}

export interface ReferenceTuned {
  /** Every sensor declared, settings included. */
  sensors: readonly string[];
  /** Each window with its aggregates, in the definition's order. */
  windows: readonly { window: ReferenceWindow; aggregates: readonly Aggregate[] }[];
  age: boolean;
  regimes: ReferenceRegimes | undefined;
}

/** Gold for a fleet whose features use regimes, windows with their own aggregates or the age. */
export function referenceTunedGold(base: Omit<ReferenceFleet, 'sensors' | 'aggregates' | 'windows'>, tuned: ReferenceTuned, data: ReferenceData, params: ReferenceParams): GoldRow[] {
  const regimes = tuned.regimes;
  const fitted = regimes ? referenceRegimeFit(data.readings, regimes) : undefined;
  const aggregated = tuned.sensors.filter((s) => !(regimes?.settings ?? []).includes(s));
  const regimeOf = new Map<ReferenceReading, number | null>(data.readings.map((x) => [x, fitted ? fitted.regimeOf(x) : null]));
  const normalised: ReferenceReading[] = data.readings.map((x) => {
    const regime = regimeOf.get(x) ?? null;
    const values: Record<string, number | null> = {};
    for (const sensor of aggregated) {
      const value = x.values[sensor] ?? null;
      const at = regimes ? regimes.normalize.indexOf(sensor) : -1;
      if (at < 0 || !fitted) {
        values[sensor] = value;
        continue;
      }
      const mean = regime === null ? null : (fitted.fit.mean[at]?.[regime - 1] ?? null);
      const sd = regime === null ? null : (fitted.fit.sd[at]?.[regime - 1] ?? null);
      values[sensor] = value === null || mean === null ? null : (value - mean) / (sd === null || sd === 0 ? 1 : sd);
    }
    return { id: x.id, ts: x.ts, values };
  });
  const perWindow = tuned.windows.map(({ window, aggregates }) =>
    referenceGoldFor({ ...base, sensors: aggregated, aggregates, windows: [window] }, { ...data, readings: normalised }, params),
  );
  const rows = (perWindow[0] ?? []).map((row, i) => Object.assign({}, ...perWindow.map((w) => w[i]), row) as GoldRow);
  const byAsset = new Map<string, ReferenceReading[]>();
  for (const x of data.readings) byAsset.set(String(x.id), [...(byAsset.get(String(x.id)) ?? []), x]);
  const longest = Math.max(...tuned.windows.map((w) => w.window.seconds));
  for (const row of rows) {
    const own = byAsset.get(String(row.machine_id)) ?? [];
    const ts = (row.ts as Date).getTime();
    if (tuned.age) row.age_days = (ts - Math.min(...own.map((x) => x.ts.getTime()))) / 86_400_000;
    if (!regimes || !fitted) continue;
    const inWindow = (seconds: number) => own.filter((x) => x.ts.getTime() > ts - seconds * 1000 && x.ts.getTime() <= ts && regimeOf.get(x) !== null);
    if (regimes.features.includes('share')) {
      for (const { window } of tuned.windows) {
        const known = inWindow(window.seconds);
        fitted.fit.centres.forEach((_, n) => {
          row[`regime_${n + 1}_share_${window.text}`] = known.length === 0 ? null : known.filter((x) => regimeOf.get(x) === n + 1).length / known.length;
        });
      }
    }
    if (regimes.features.includes('current')) {
      const known = inWindow(longest);
      const newest = known.reduce<ReferenceReading | undefined>((a, x) => (a === undefined || x.ts > a.ts ? x : a), undefined);
      row.regime = newest === undefined ? null : String(regimeOf.get(newest));
    }
  }
  return rows.sort((a, b) => compareAssetIds(a.machine_id as string, b.machine_id as string) || (a.ts as Date).getTime() - (b.ts as Date).getTime());
}
