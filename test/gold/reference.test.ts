import { describe, it, expect } from 'vitest';
import {
  azureFleet,
  compareAssetIds,
  compareCodePoints,
  defaultColumnNameOf,
  goldColumns,
  goldColumnsFor,
  meanAndSampleStd,
  referenceGold,
  referenceGoldFor,
  slopePerHour,
  type AssetId,
  type GoldParams,
  type GoldRow,
  type ReferenceData,
  type ReferenceFleet,
  type ReferenceParams,
  type ReferenceReading,
  type SilverData,
} from './reference.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2015-01-01T00:00:00Z');
/** A UTC instant `h` hours after 2015-01-01T00:00:00Z. */
const at = (h: number): Date => new Date(T0 + h * HOUR);

function empty(): SilverData {
  return { telemetry: [], errors: [], maint: [], failures: [], machines: [{ machine_id: 1, model: 'model3', age: 7 }] };
}

/** One telemetry row, all four sensors derived from `v` so each is checkable. */
function reading(machine_id: number, h: number, v: number): SilverData['telemetry'][number] {
  return { machine_id, ts: at(h), volt: v, rotate: 10 * v, pressure: v + 100, vibration: -v };
}

/** Hourly readings from hour `fromH` to hour `toH` inclusive, value = hour. */
function hourly(machine_id: number, fromH: number, toH: number): SilverData['telemetry'] {
  const out: SilverData['telemetry'] = [];
  for (let h = fromH; h <= toH; h++) out.push(reading(machine_id, h, h));
  return out;
}

function params(over: Partial<GoldParams> = {}): GoldParams {
  return {
    from: at(-10_000),
    to: at(10_000),
    stepHours: 12,
    windowsHours: [12, 24, 36],
    horizonHours: 48,
    labelCutoff: at(10_000),
    ...over,
  };
}

const tsOf = (rows: GoldRow[]): string[] => rows.map((r) => (r.ts as Date).toISOString());

/** The row of machine 1 at hour `h`. */
function rowAt(rows: GoldRow[], h: number, machine = 1): GoldRow {
  const row = rows.find((r) => r.machine_id === machine && (r.ts as Date).getTime() === at(h).getTime());
  if (row === undefined) throw new Error(`no row for machine ${machine} at hour ${h}`);
  return row;
}

describe('meanAndSampleStd', () => {
  it('is null for no values, std null for one value, n-1 denominator otherwise', () => {
    expect(meanAndSampleStd([])).toEqual({ mean: null, std: null });
    expect(meanAndSampleStd([5])).toEqual({ mean: 5, std: null });
    expect(meanAndSampleStd([2, 4])).toEqual({ mean: 3, std: Math.SQRT2 });
    const r = meanAndSampleStd([9, 2, 4]);
    expect(r.mean).toBe(5);
    expect(r.std).toBeCloseTo(Math.sqrt(13), 12);
  });

  it('is numerically sound on large offsets (two-pass)', () => {
    expect(meanAndSampleStd([1e9 + 1, 1e9 + 2, 1e9 + 3])).toEqual({ mean: 1e9 + 2, std: 1 });
    expect(meanAndSampleStd([7.25, 7.25, 7.25]).std).toBe(0);
    // constant but not exactly representable: the mean rounds, so the std is ~1e-17, not 0
    expect(meanAndSampleStd([0.1, 0.1, 0.1]).std).toBeLessThan(1e-15);
  });
});

describe('grid', () => {
  it('starts at the first UTC step boundary at or after the first reading and ends at or before the last', () => {
    const data = empty();
    data.telemetry = hourly(1, 6, 54); // 2015-01-01 06:00 .. 2015-01-03 06:00
    const rows = referenceGold(data, params());
    expect(tsOf(rows)).toEqual([
      '2015-01-01T12:00:00.000Z',
      '2015-01-02T00:00:00.000Z',
      '2015-01-02T12:00:00.000Z',
      '2015-01-03T00:00:00.000Z',
    ]);
    expect(rows.every((r) => r.machine_id === 1)).toBe(true);
  });

  it('includes boundaries that coincide with the first and last readings', () => {
    const data = empty();
    data.telemetry = hourly(1, 0, 24);
    expect(tsOf(referenceGold(data, params()))).toEqual([
      '2015-01-01T00:00:00.000Z',
      '2015-01-01T12:00:00.000Z',
      '2015-01-02T00:00:00.000Z',
    ]);
  });

  it('aligns to multiples of stepHours since the epoch, not to the first reading', () => {
    const data = empty();
    data.telemetry = hourly(1, 6, 60);
    expect(tsOf(referenceGold(data, params({ stepHours: 24 })))).toEqual([
      '2015-01-02T00:00:00.000Z',
      '2015-01-03T00:00:00.000Z',
    ]);
    // 5 h steps: 2015-01-01T00:00Z is 394464 h after the epoch, 394464 mod 5 = 4, so boundaries fall at 01:00, 06:00, ...
    expect(tsOf(referenceGold(data, params({ stepHours: 5 }))).slice(0, 3)).toEqual([
      '2015-01-01T06:00:00.000Z',
      '2015-01-01T11:00:00.000Z',
      '2015-01-01T16:00:00.000Z',
    ]);
  });

  it('has no points when the telemetry spans no boundary', () => {
    const data = empty();
    data.telemetry = hourly(1, 1, 11);
    expect(referenceGold(data, params())).toEqual([]);
  });

  it('restricts to from <= ts < to, but still uses data outside the range', () => {
    const data = empty();
    data.telemetry = hourly(1, 0, 72);
    const rows = referenceGold(data, params({ from: at(24), to: at(48) }));
    expect(tsOf(rows)).toEqual(['2015-01-02T00:00:00.000Z', '2015-01-02T12:00:00.000Z']);
    // the 24 h window at hour 24 holds hours 1..24, all but one before `from`
    expect(rows[0]?.volt_mean_24h).toBe(12.5);
    // from between boundaries
    expect(tsOf(referenceGold(data, params({ from: at(25), to: at(49) })))).toEqual([
      '2015-01-02T12:00:00.000Z',
      '2015-01-03T00:00:00.000Z',
    ]);
  });

  it('uses the whole telemetry for first/last even when the range cuts it', () => {
    const data = empty();
    data.telemetry = [reading(1, 6, 1), reading(1, 100, 2)];
    const rows = referenceGold(data, params({ from: at(36), to: at(61) }));
    expect(tsOf(rows)).toEqual(['2015-01-02T12:00:00.000Z', '2015-01-03T00:00:00.000Z', '2015-01-03T12:00:00.000Z']);
  });

  it('gives one row set per machine with telemetry, sorted by machine_id then ts', () => {
    const data: SilverData = {
      telemetry: [...hourly(10, 0, 12), ...hourly(2, 12, 24), ...hourly(99, 0, 12)],
      errors: [],
      maint: [],
      failures: [],
      machines: [
        { machine_id: 10, model: 'model1', age: 1 },
        { machine_id: 2, model: 'model2', age: 2 },
        { machine_id: 3, model: 'model4', age: 3 }, // no telemetry: no rows
      ], // machine 99 is not listed: no rows
    };
    const rows = referenceGold(data, params());
    expect(rows.map((r) => [r.machine_id, (r.ts as Date).toISOString(), r.model, r.age])).toEqual([
      [2, '2015-01-01T12:00:00.000Z', 'model2', 2],
      [2, '2015-01-02T00:00:00.000Z', 'model2', 2],
      [10, '2015-01-01T00:00:00.000Z', 'model1', 1],
      [10, '2015-01-01T12:00:00.000Z', 'model1', 1],
    ]);
  });
});

describe('columns', () => {
  it('has exactly the contract columns, in order', () => {
    const data = empty();
    data.telemetry = hourly(1, 0, 0);
    const [row] = referenceGold(data, params());
    const expected = [
      'machine_id',
      'ts',
      ...['volt', 'rotate', 'pressure', 'vibration'].flatMap((s) =>
        [12, 24, 36].flatMap((w) => [`${s}_mean_${w}h`, `${s}_std_${w}h`]),
      ),
      'error1_count_24h',
      'error2_count_24h',
      'error3_count_24h',
      'error4_count_24h',
      'error5_count_24h',
      'comp1_days_since_replacement',
      'comp2_days_since_replacement',
      'comp3_days_since_replacement',
      'comp4_days_since_replacement',
      'model',
      'age',
      'label',
    ];
    expect(Object.keys(row ?? {})).toEqual(expected);
    expect(goldColumns(params())).toEqual(expected);
  });

  it('follows windowsHours', () => {
    const data = empty();
    data.telemetry = hourly(1, 0, 0);
    const [row] = referenceGold(data, params({ windowsHours: [6, 48] }));
    const keys = Object.keys(row ?? {});
    expect(keys.slice(2, 6)).toEqual(['volt_mean_6h', 'volt_std_6h', 'volt_mean_48h', 'volt_std_48h']);
    expect(keys.filter((k) => k.includes('_12h'))).toEqual([]);
    expect(keys).toContain('error1_count_24h'); // the error window stays 24 h
  });
});

describe('telemetry windows', () => {
  const data = empty();
  // around the grid point at hour 24: values chosen for hand-checking
  data.telemetry = [
    reading(1, 0, 1), // ts - 24 h: excluded from every window of 24 h or less, in the 36 h one
    reading(1, 12, 9), // ts - 12 h: excluded from 12 h, included in 24 h
    reading(1, 13, 2), // ts - 11 h
    reading(1, 24, 4), // ts: included
    reading(1, 25, 1000), // after ts: never seen at hour 24
  ];
  const rows = referenceGold(data, params());
  const row = rowAt(rows, 24);

  it('uses (ts - w, ts]: the start edge excluded, ts included, the future excluded', () => {
    expect(row.volt_mean_12h).toBe(3); // {2, 4}
    expect(row.volt_std_12h).toBeCloseTo(Math.SQRT2, 12);
    expect(row.volt_mean_24h).toBe(5); // {9, 2, 4}
    expect(row.volt_std_24h).toBeCloseTo(Math.sqrt(13), 12);
    expect(row.volt_mean_36h).toBe(4); // {1, 9, 2, 4}
    expect(row.volt_std_36h).toBeCloseTo(Math.sqrt((9 + 25 + 4 + 0) / 3), 12);
  });

  it('computes every sensor from its own column', () => {
    expect(row.rotate_mean_12h).toBe(30);
    expect(row.rotate_std_12h).toBeCloseTo(10 * Math.SQRT2, 10);
    expect(row.pressure_mean_12h).toBe(103);
    expect(row.pressure_std_12h).toBeCloseTo(Math.SQRT2, 10);
    expect(row.vibration_mean_12h).toBe(-3);
    expect(row.vibration_std_12h).toBeCloseTo(Math.SQRT2, 12);
  });

  it('gives std null for one reading and both null for none (gaps do not stretch windows)', () => {
    const first = rowAt(rows, 0); // only the reading at hour 0
    expect(first.volt_mean_12h).toBe(1);
    expect(first.volt_std_12h).toBeNull();
    expect(first.volt_mean_36h).toBe(1);
    expect(first.volt_std_36h).toBeNull();

    const gap = empty();
    gap.telemetry = [reading(1, 0, 7), reading(1, 60, 8)];
    const g = referenceGold(gap, params());
    expect(tsOf(g)).toHaveLength(6); // hours 0, 12, ..., 60
    const at24 = rowAt(g, 24);
    expect(at24.volt_mean_12h).toBeNull();
    expect(at24.volt_std_12h).toBeNull();
    expect(at24.volt_mean_24h).toBeNull(); // hour 0 is exactly ts - 24 h: excluded
    expect(at24.volt_mean_36h).toBe(7);
    expect(at24.volt_std_36h).toBeNull();
    const at36 = rowAt(g, 36);
    for (const w of [12, 24, 36]) {
      expect(at36[`volt_mean_${w}h`]).toBeNull();
      expect(at36[`vibration_std_${w}h`]).toBeNull();
    }
  });

  it('ignores other machines', () => {
    const two = empty();
    two.machines.push({ machine_id: 2, model: 'model1', age: 0 });
    two.telemetry = [reading(1, 0, 1), reading(2, 0, 500), reading(2, -1, 600)];
    const r = referenceGold(two, params());
    expect(rowAt(r, 0, 1).volt_mean_12h).toBe(1);
    expect(rowAt(r, 0, 2).volt_mean_12h).toBe(550);
  });
});

describe('error counts', () => {
  it('counts each error id in (ts - 24 h, ts], zero when none', () => {
    const data = empty();
    data.machines.push({ machine_id: 2, model: 'model1', age: 0 });
    data.telemetry = hourly(1, 0, 48);
    data.errors = [
      { machine_id: 1, ts: at(24), error_id: 'error1' }, // ts - 24 h for the point at 48: excluded there
      { machine_id: 1, ts: at(25), error_id: 'error1' },
      { machine_id: 1, ts: at(47.5), error_id: 'error1' },
      { machine_id: 1, ts: at(48), error_id: 'error3' }, // exactly ts: included
      { machine_id: 1, ts: at(48), error_id: 'error5' },
      { machine_id: 1, ts: at(49), error_id: 'error2' }, // future
      { machine_id: 2, ts: at(40), error_id: 'error4' }, // other machine
    ];
    const rows = referenceGold(data, params({ windowsHours: [12] }));
    const r48 = rowAt(rows, 48);
    expect([1, 2, 3, 4, 5].map((i) => r48[`error${i}_count_24h`])).toEqual([2, 0, 1, 0, 1]);
    const r24 = rowAt(rows, 24);
    expect([1, 2, 3, 4, 5].map((i) => r24[`error${i}_count_24h`])).toEqual([1, 0, 0, 0, 0]);
    const r0 = rowAt(rows, 0);
    expect([1, 2, 3, 4, 5].map((i) => r0[`error${i}_count_24h`])).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('days since replacement', () => {
  it('is fractional days since the latest replacement at or before ts, 0 at ts, null if none', () => {
    const data = empty();
    data.telemetry = hourly(1, 0, 48);
    data.maint = [
      { machine_id: 1, ts: at(-24 * 30), comp: 'comp1' }, // history starts before the telemetry
      { machine_id: 1, ts: at(-6), comp: 'comp1' },
      { machine_id: 1, ts: at(24), comp: 'comp2' }, // exactly at a grid point
      { machine_id: 1, ts: at(30), comp: 'comp1' },
      { machine_id: 1, ts: at(100), comp: 'comp3' }, // future for every point
    ];
    const rows = referenceGold(data, params());
    const pick = (h: number): unknown[] =>
      [1, 2, 3, 4].map((c) => rowAt(rows, h)[`comp${c}_days_since_replacement`]);
    expect(pick(0)).toEqual([0.25, null, null, null]);
    expect(pick(12)).toEqual([0.75, null, null, null]);
    expect(pick(24)).toEqual([1.25, 0, null, null]);
    expect(pick(36)).toEqual([0.25, 0.5, null, null]);
    expect(pick(48)).toEqual([0.75, 1, null, null]);
  });

  it('counts milliseconds, not whole hours', () => {
    const data = empty();
    data.telemetry = hourly(1, 0, 0);
    data.maint = [{ machine_id: 1, ts: new Date(T0 - 1), comp: 'comp4' }];
    expect(referenceGold(data, params())[0]?.comp4_days_since_replacement).toBe(1 / 86_400_000);
  });
});

describe('label', () => {
  function labelAt(failures: SilverData['failures'], over: Partial<GoldParams> = {}): GoldRow['label'] {
    const data = empty();
    data.telemetry = hourly(1, 0, 0); // a single grid point at hour 0
    data.failures = failures;
    const rows = referenceGold(data, params({ windowsHours: [12], ...over }));
    const [row] = rows;
    if (rows.length !== 1 || row === undefined) throw new Error(`expected one row, got ${rows.length}`);
    return row.label ?? null;
  }
  const f = (h: number, failure: string, machine_id = 1): SilverData['failures'][number] => ({
    machine_id,
    ts: at(h),
    failure,
  });

  it("is 'none' without failures in (ts, ts + horizon]", () => {
    expect(labelAt([])).toBe('none');
    expect(labelAt([f(0, 'comp1')])).toBe('none'); // exactly at ts: excluded
    expect(labelAt([f(-1, 'comp1')])).toBe('none'); // past
    expect(labelAt([{ machine_id: 1, ts: new Date(at(48).getTime() + 1), failure: 'comp1' }])).toBe('none');
    expect(labelAt([f(10, 'comp1', 2)])).toBe('none'); // other machine
  });

  it('includes a failure exactly at ts + horizon and one just after ts', () => {
    expect(labelAt([f(48, 'comp3')])).toBe('comp3');
    expect(labelAt([{ machine_id: 1, ts: new Date(T0 + 1), failure: 'comp2' }])).toBe('comp2');
    expect(labelAt([f(168, 'comp4')], { horizonHours: 168 })).toBe('comp4');
    expect(labelAt([f(48, 'comp4')], { horizonHours: 24 })).toBe('none');
  });

  it('takes the earliest failure, and the lowest component among simultaneous ones', () => {
    expect(labelAt([f(30, 'comp1'), f(10, 'comp4')])).toBe('comp4');
    expect(labelAt([f(10, 'comp3'), f(10, 'comp2'), f(10, 'comp4')])).toBe('comp2');
    expect(labelAt([f(0, 'comp1'), f(20, 'comp4'), f(20, 'comp3')])).toBe('comp3');
  });

  it('is known past the cutoff only for a failure that happened by the cutoff', () => {
    expect(labelAt([f(10, 'comp1')], { labelCutoff: at(48) })).toBe('comp1'); // equal: known
    expect(labelAt([], { labelCutoff: at(48) })).toBe('none');
    // Changed with the refined label rule (docs/gold.md, label cutoff): this case used to be null because
    // ts + horizon lies past the cutoff; the failure at hour 10 is before the cutoff, so it is
    // known and labels the row.
    expect(labelAt([f(10, 'comp1')], { labelCutoff: new Date(at(48).getTime() - 1) })).toBe('comp1');
    expect(labelAt([f(47.5, 'comp1')], { labelCutoff: at(47) })).toBeNull(); // after the cutoff: unknown
    expect(labelAt([], { labelCutoff: at(47) })).toBeNull();
  });

  it('varies along the grid', () => {
    const data = empty();
    data.telemetry = hourly(1, 0, 96);
    data.failures = [f(50, 'comp2')];
    const rows = referenceGold(data, params({ labelCutoff: at(120) }));
    expect(rows.map((r) => r.label)).toEqual(['none', 'comp2', 'comp2', 'comp2', 'comp2', 'none', 'none', null, null]);
  });
});

describe('input checks', () => {
  it('rejects codes silver would have quarantined and bad parameters', () => {
    const data = empty();
    data.telemetry = hourly(1, 0, 0);
    expect(() => referenceGold({ ...data, errors: [{ machine_id: 1, ts: at(0), error_id: 'error6' }] }, params())).toThrow();
    expect(() => referenceGold({ ...data, failures: [{ machine_id: 1, ts: at(1), failure: 'none' }] }, params())).toThrow();
    expect(() => referenceGold({ ...data, maint: [{ machine_id: 1, ts: at(0), comp: 'comp5' }] }, params())).toThrow();
    expect(() => referenceGold(data, params({ stepHours: 0 }))).toThrow();
    expect(() => referenceGold(data, params({ windowsHours: [12, 12] }))).toThrow();
  });
});

// ===================================================================== generic fleets

const H = 3600; // seconds in an hour

/** A one-sensor fleet with 6 h steps and one 6 h window, no alarms, maintenance or attributes. */
function fleetOf(over: Partial<ReferenceFleet> = {}): ReferenceFleet {
  return {
    sensors: ['temp'],
    aggregates: ['mean'],
    windows: [{ text: '6h', seconds: 6 * H }],
    stepSeconds: 6 * H,
    alarmCodes: [],
    alarmWindow: null,
    components: [],
    classes: ['failure'],
    attributes: [],
    ...over,
  };
}

function noData(over: Partial<ReferenceData> = {}): ReferenceData {
  return { readings: [], alarms: [], replacements: [], failures: [], assets: null, ...over };
}

function gparams(over: Partial<ReferenceParams> = {}): ReferenceParams {
  return { from: at(-10_000), to: at(10_000), labelCutoff: at(10_000), horizonSeconds: 48 * H, ...over };
}

const rd = (id: AssetId, h: number, values: Record<string, number | null>): ReferenceReading => ({ id, ts: at(h), values });

/** The row of asset `id` at hour `h` (id column `machine_id` unless given). */
function rowOf(rows: GoldRow[], id: AssetId, h: number, idColumn = 'machine_id'): GoldRow {
  const row = rows.find((r) => r[idColumn] === id && (r.ts as Date).getTime() === at(h).getTime());
  if (row === undefined) throw new Error(`no row for ${String(id)} at hour ${h}`);
  return row;
}

describe('generic: min, max, last, slope', () => {
  const fleet = fleetOf({ sensors: ['temp', 'opt'], aggregates: ['min', 'max', 'last', 'slope', 'mean', 'std'] });
  // given out of order on purpose: 'last' and the grid go by time, not by input order
  const readings = [
    rd(1, 12, { temp: 5, opt: null }),
    rd(1, 6, { temp: 50, opt: null }), // ts - 6 h for the point at 12: excluded there
    rd(1, 13, { temp: 100, opt: null }),
    rd(1, 10, { temp: 7, opt: null }),
    rd(1, 8, { temp: null, opt: null }), // an optional value missing: skipped, not 0
    rd(1, 7, { temp: 3, opt: 1 }),
    rd(1, 18, { temp: null, opt: null }), // all null: still extends the grid to hour 18
  ];
  const rows = referenceGoldFor(fleet, noData({ readings }), gparams());

  it('has one column per sensor, window and aggregate, in the given order', () => {
    const expected = [
      'machine_id',
      'ts',
      ...['temp', 'opt'].flatMap((s) => ['min', 'max', 'last', 'slope', 'mean', 'std'].map((a) => `${s}_${a}_6h`)),
      'label',
    ];
    expect(Object.keys(rows[0] ?? {})).toEqual(expected);
    expect(goldColumnsFor(fleet)).toEqual(expected);
    expect(tsOf(rows)).toEqual(['2015-01-01T06:00:00.000Z', '2015-01-01T12:00:00.000Z', '2015-01-01T18:00:00.000Z']);
  });

  it('computes them over the non-null values in (ts - w, ts], with a gap in the window', () => {
    const r12 = rowOf(rows, 1, 12); // temp: (7, 3), (10, 7), (12, 5); the null at 8 skipped
    expect(r12.temp_min_6h).toBe(3);
    expect(r12.temp_max_6h).toBe(7);
    expect(r12.temp_last_6h).toBe(5);
    expect(r12.temp_mean_6h).toBe(5);
    expect(r12.temp_std_6h).toBe(2); // squares 4 + 4 + 0 over n - 1 = 2
    // x = 7, 10, 12 h (mean 29/3), y = 3, 7, 5 (mean 5): sxy = (-8/3)(-2) + (1/3)(2) + 0 = 6,
    // sxx = (64 + 1 + 49)/9 = 38/3, slope = 9/19 per hour. A slope over row numbers (0, 1, 2)
    // would give 1: the gap between hours 7 and 10 counts as time.
    expect(r12.temp_slope_6h).toBeCloseTo(9 / 19, 12);
  });

  it('gives one reading a value for min/max/last/mean and null std and slope', () => {
    const r12 = rowOf(rows, 1, 12); // opt: only (7, 1); nulls at 8..12 skipped
    expect([r12.opt_min_6h, r12.opt_max_6h, r12.opt_last_6h, r12.opt_mean_6h]).toEqual([1, 1, 1, 1]);
    expect(r12.opt_std_6h).toBeNull();
    expect(r12.opt_slope_6h).toBeNull();
    const r6 = rowOf(rows, 1, 6); // temp: only (6, 50)
    expect([r6.temp_min_6h, r6.temp_max_6h, r6.temp_last_6h, r6.temp_slope_6h, r6.temp_std_6h]).toEqual([50, 50, 50, null, null]);
  });

  it('is all null without a non-null reading, and last skips a newest null', () => {
    const r6 = rowOf(rows, 1, 6);
    for (const a of ['min', 'max', 'last', 'slope', 'mean', 'std']) expect(r6[`opt_${a}_6h`]).toBeNull();
    const r18 = rowOf(rows, 1, 18); // temp: (13, 100) and a null at 18
    expect(r18.temp_last_6h).toBe(100);
    expect(r18.temp_slope_6h).toBeNull();
    for (const a of ['min', 'max', 'last', 'slope', 'mean', 'std']) expect(r18[`opt_${a}_6h`]).toBeNull();
  });

  it('measures the slope per hour, with steps and windows in seconds', () => {
    const halfHourly = fleetOf({ aggregates: ['slope', 'last'], windows: [{ text: '90m', seconds: 5400 }], stepSeconds: 1800 });
    const r = referenceGoldFor(halfHourly, noData({ readings: [rd(1, 0, { temp: 0 }), rd(1, 0.5, { temp: 1 }), rd(1, 1, { temp: 2 })] }), gparams());
    expect(tsOf(r)).toEqual(['2015-01-01T00:00:00.000Z', '2015-01-01T00:30:00.000Z', '2015-01-01T01:00:00.000Z']);
    expect(rowOf(r, 1, 1).temp_slope_90m).toBe(2); // +1 every half hour: 2 per hour
    expect(rowOf(r, 1, 0.5).temp_slope_90m).toBe(2);
    expect(rowOf(r, 1, 0).temp_slope_90m).toBeNull();

    const daily = fleetOf({ aggregates: ['slope'], windows: [{ text: '2d', seconds: 2 * 86_400 }], stepSeconds: 86_400 });
    const d = referenceGoldFor(daily, noData({ readings: [rd(1, 0, { temp: 10 }), rd(1, 24, { temp: -14 })] }), gparams());
    expect(rowOf(d, 1, 24).temp_slope_2d).toBe(-1); // -24 in a day: -1 per hour
  });

  it('slopePerHour: two-pass least squares, null below two points or for one shared time', () => {
    const p = (h: number, value: number) => ({ ms: T0 + h * HOUR, value });
    expect(slopePerHour([])).toBeNull();
    expect(slopePerHour([p(3, 1)])).toBeNull();
    expect(slopePerHour([p(3, 1), p(3, 5)])).toBeNull();
    expect(slopePerHour([p(0, 1), p(2, 5)])).toBe(2);
    expect(slopePerHour([p(0, 4), p(1, 4), p(5, 4)])).toBe(0);
    expect(slopePerHour([p(7, 3), p(10, 7), p(12, 5)])).toBeCloseTo(9 / 19, 12);
  });
});

describe('generic: text ids', () => {
  // all distinct: quotes, spaces, precomposed vs combining umlaut, a numeric-looking text, astral
  const ids = ["it's", 'a "b"', 'two  spaces', 'two spaces', '\u00e4', 'a\u0308', '10', '9', '\u{1F600}', '\uFF01'];
  const fleet = fleetOf({ idColumn: 'asset', attributes: ['kind'], alarmCodes: ['E 1'], alarmWindow: { text: '1d', seconds: 86_400 } });
  const data = noData({
    readings: [...ids.map((id, i) => rd(id, 0, { temp: i })), rd('not listed', 0, { temp: -1 })],
    alarms: [{ id: 'a "b"', ts: at(0), code: 'E 1' }],
    assets: [...ids.map((id) => ({ id, attributes: { kind: `kind of ${id}` } })), { id: 'no readings', attributes: { kind: 'x' } }],
  });
  const rows = referenceGoldFor(fleet, data, gparams());

  it('keeps every id distinct, with its own readings, alarms and attributes', () => {
    expect(rows).toHaveLength(ids.length); // 'not listed' is not in the asset table, 'no readings' has none
    for (const [i, id] of ids.entries()) {
      const row = rowOf(rows, id, 0, 'asset');
      expect(row.temp_mean_6h).toBe(i);
      expect(row.kind).toBe(`kind of ${id}`);
      expect(row.e_1_count_1d).toBe(id === 'a "b"' ? 1 : 0);
    }
  });

  it('orders text ids by code point (UTF-8 byte order), not by UTF-16 code units', () => {
    expect(rows.map((r) => r.asset)).toEqual([
      '10', // '1' < '9': text, not numbers
      '9',
      'a "b"', // ' ' U+0020 < U+0308
      'a\u0308',
      "it's",
      'two  spaces', // ' ' < 's'
      'two spaces',
      '\u00e4',
      '\uFF01', // U+FF01 < U+1F600 by code point ...
      '\u{1F600}', // ... though '\u{1F600}' < '\uFF01' in UTF-16 (surrogate 0xD83D)
    ]);
    expect(['\uFF01', '\u{1F600}'].sort()).toEqual(['\u{1F600}', '\uFF01']); // what plain sort would do
    expect(compareCodePoints('\uFF01', '\u{1F600}')).toBe(-1);
    expect(compareCodePoints('ab', 'a')).toBe(1);
    expect(compareCodePoints('a', 'a')).toBe(0);
    expect(compareAssetIds(9, 10)).toBe(-1);
    expect(compareAssetIds('9', '10')).toBe(1);
    expect(() => compareAssetIds(1, '1')).toThrow();
  });

  it('rejects ids mixing numbers and strings', () => {
    expect(() => referenceGoldFor(fleetOf(), noData({ readings: [rd(1, 0, { temp: 1 }), rd('1', 0, { temp: 2 })] }), gparams())).toThrow(/mix/);
  });
});

describe('generic: a fleet with no alarms, maintenance or attributes and one failure class', () => {
  const fleet = fleetOf();
  const data = noData({
    readings: [rd(5, 0, { temp: 1 }), ...[0, 6, 12].map((h) => rd(3, h, { temp: h }))],
    failures: [{ id: 3, ts: at(20), failureClass: 'failure' }],
  });
  const rows = referenceGoldFor(fleet, data, gparams());

  it('has only the id, ts, sensor features and label; every asset with readings is on the grid', () => {
    expect(goldColumnsFor(fleet)).toEqual(['machine_id', 'ts', 'temp_mean_6h', 'label']);
    expect(rows.map((r) => Object.keys(r))).toEqual(rows.map(() => ['machine_id', 'ts', 'temp_mean_6h', 'label']));
    expect(rows.map((r) => [r.machine_id, (r.ts as Date).getTime(), r.label])).toEqual([
      [3, at(0).getTime(), 'failure'],
      [3, at(6).getTime(), 'failure'],
      [3, at(12).getTime(), 'failure'],
      [5, at(0).getTime(), 'none'],
    ]);
  });

  it('rejects a failure class, alarm code or component the fleet does not list', () => {
    expect(() => referenceGoldFor(fleet, { ...data, failures: [{ id: 3, ts: at(1), failureClass: 'comp1' }] }, gparams())).toThrow(/failure class/);
    expect(() => referenceGoldFor(fleet, { ...data, alarms: [{ id: 3, ts: at(1), code: 'error1' }] }, gparams())).toThrow(/alarm code/);
    expect(() => referenceGoldFor(fleet, { ...data, replacements: [{ id: 3, ts: at(1), component: 'comp1' }] }, gparams())).toThrow(/component/);
  });
});

describe('generic: alarms, maintenance and attributes with any names', () => {
  const fleet = fleetOf({
    alarmCodes: ['E-7', 'Overheat Warning'],
    alarmWindow: { text: '1d', seconds: 86_400 },
    components: ['Main Bearing', 'belt'],
    attributes: ['site', 'capacity'],
  });
  const data = noData({
    readings: [rd('m1', 0, { temp: 1 }), rd('m1', 48, { temp: 2 }), rd('m2', 0, { temp: 3 })],
    alarms: [
      { id: 'm1', ts: at(24), code: 'E-7' }, // exactly ts - 1 d for the point at 48: excluded
      { id: 'm1', ts: at(30), code: 'E-7' },
      { id: 'm1', ts: at(48), code: 'Overheat Warning' }, // exactly ts: included
      { id: 'm2', ts: at(40), code: 'E-7' },
    ],
    replacements: [
      { id: 'm1', ts: at(-36), component: 'Main Bearing' },
      { id: 'm1', ts: at(12), component: 'Main Bearing' },
    ],
    assets: [
      { id: 'm1', attributes: { site: 'north', capacity: 2.5 } },
      { id: 'm2', attributes: { site: 'south' } }, // no capacity: null
    ],
  });
  const rows = referenceGoldFor(fleet, data, gparams());

  it('names columns through the column-name rule', () => {
    expect(goldColumnsFor(fleet)).toEqual([
      'machine_id',
      'ts',
      'temp_mean_6h',
      'e_7_count_1d',
      'overheat_warning_count_1d',
      'main_bearing_days_since_replacement',
      'belt_days_since_replacement',
      'site',
      'capacity',
      'label',
    ]);
  });

  it('counts alarms in (ts - window, ts], takes days since replacement and attributes as given', () => {
    const r48 = rowOf(rows, 'm1', 48);
    expect([r48.e_7_count_1d, r48.overheat_warning_count_1d]).toEqual([1, 1]);
    expect(r48.main_bearing_days_since_replacement).toBe(1.5);
    expect(r48.belt_days_since_replacement).toBeNull();
    expect([r48.site, r48.capacity]).toEqual(['north', 2.5]);
    const r0 = rowOf(rows, 'm1', 0);
    expect([r0.e_7_count_1d, r0.overheat_warning_count_1d, r0.main_bearing_days_since_replacement]).toEqual([0, 0, 1.5]);
    const m2 = rowOf(rows, 'm2', 0);
    expect([m2.e_7_count_1d, m2.main_bearing_days_since_replacement, m2.site, m2.capacity]).toEqual([0, null, 'south', null]);
  });

  it('uses a given columnNameOf', () => {
    const upper = { ...fleet, columnNameOf: (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '') };
    const keys = Object.keys(rowOf(referenceGoldFor(upper, data, gparams()), 'm1', 48));
    expect(keys).toContain('E7_count_1d');
    expect(keys).toContain('OVERHEATWARNING_count_1d');
    expect(keys).toContain('MAINBEARING_days_since_replacement');
  });

  it('defaultColumnNameOf: lower-case, runs outside [a-z0-9_] -> _, trimmed, digit-first prefixed', () => {
    expect(defaultColumnNameOf('error1')).toBe('error1');
    expect(defaultColumnNameOf('Error 1')).toBe('error_1');
    expect(defaultColumnNameOf('  E--2 !')).toBe('e_2');
    expect(defaultColumnNameOf('__x__y__')).toBe('x__y');
    expect(defaultColumnNameOf('3-phase')).toBe('_3_phase');
    expect(defaultColumnNameOf('Überhitzung!')).toBe('berhitzung');
    expect(defaultColumnNameOf('temp°C')).toBe('temp_c');
  });

  it('rejects duplicate or empty column names and a window-less alarm list', () => {
    expect(() => goldColumnsFor({ ...fleet, alarmCodes: ['E 1', 'e_1'] })).toThrow(/duplicate/);
    expect(() => goldColumnsFor({ ...fleet, attributes: ['label'] })).toThrow(/duplicate/);
    expect(() => goldColumnsFor({ ...fleet, windows: [{ text: '1d', seconds: 86_400 }, { text: '1d', seconds: 86_400 }] })).toThrow(/duplicate/);
    expect(() => goldColumnsFor({ ...fleet, components: ['!!'] })).toThrow(/empty/);
    expect(() => goldColumnsFor({ ...fleet, alarmWindow: null })).toThrow(/alarmWindow/);
    expect(() => goldColumnsFor({ ...fleet, stepSeconds: 0 })).toThrow();
  });
});

describe('generic: input checks', () => {
  it('rejects two readings at one (id, ts) and a reading without a sensor key', () => {
    expect(() => referenceGoldFor(fleetOf(), noData({ readings: [rd('a', 0, { temp: 1 }), rd('a', 0, { temp: 2 })] }), gparams())).toThrow(/two readings/);
    expect(() => referenceGoldFor(fleetOf(), noData({ readings: [rd('a', 0, { other: 1 })] }), gparams())).toThrow(/sensor temp/);
    expect(() => referenceGoldFor(fleetOf(), noData({ readings: [rd('a', 0, { temp: NaN })] }), gparams())).toThrow(/non-finite/);
  });

  it('keeps the default shape as a wrapper', () => {
    expect(goldColumns({ windowsHours: [12] })).toEqual(goldColumnsFor(azureFleet({ windowsHours: [12] })));
  });
});

describe('generic: label', () => {
  /** The label of the single grid point at hour 0 (horizon 48 h unless given). */
  function labelOf(
    failures: { h: number; c: string }[],
    cutoffH: number,
    over: { classes?: string[]; horizonSeconds?: number } = {},
  ): GoldRow['label'] {
    const fleet = fleetOf({ classes: over.classes ?? ['failure'] });
    const data = noData({ readings: [rd(1, 0, { temp: 1 })], failures: failures.map(({ h, c }) => ({ id: 1, ts: at(h), failureClass: c })) });
    const rows = referenceGoldFor(fleet, data, gparams({ labelCutoff: at(cutoffH), horizonSeconds: over.horizonSeconds ?? 48 * H }));
    const [row] = rows;
    if (rows.length !== 1 || row === undefined) throw new Error(`expected one row, got ${rows.length}`);
    return row.label ?? null;
  }
  const fl = (h: number, c = 'failure') => ({ h, c });

  it('near the cutoff: known when the failure happened by it, unknown when after it', () => {
    // ts = 0, ts + H = 48 > cutoff 30: a failure in (ts, ts + H] before the cutoff -> its class
    expect(labelOf([fl(10)], 30)).toBe('failure');
    expect(labelOf([fl(30)], 30)).toBe('failure'); // exactly at the cutoff
    expect(labelOf([fl(40)], 30)).toBeNull(); // after the cutoff but within the horizon
    expect(labelOf([fl(40), fl(20)], 30)).toBe('failure'); // the first one is before the cutoff
    expect(labelOf([fl(60)], 30)).toBeNull(); // beyond the horizon: no failure, but 48 > 30
    expect(labelOf([fl(0)], 10)).toBeNull(); // exactly at ts does not count
  });

  it("without a failure: 'none' when ts + H <= cutoff, null when ts + H > cutoff", () => {
    expect(labelOf([], 48)).toBe('none'); // ts + H == cutoff
    expect(labelOf([], 47)).toBeNull();
    expect(labelOf([], 47.999)).toBeNull();
    expect(labelOf([fl(60)], 100)).toBe('none');
  });

  it('takes the earliest failure, and the earliest class in the list among simultaneous ones', () => {
    const classes = ['zeta', 'alpha', 'mid'];
    expect(labelOf([fl(10, 'mid'), fl(10, 'alpha')], 100, { classes })).toBe('alpha');
    expect(labelOf([fl(10, 'alpha'), fl(10, 'zeta'), fl(10, 'mid')], 100, { classes })).toBe('zeta'); // list order, not alphabetical
    expect(labelOf([fl(6, 'zeta'), fl(5, 'mid')], 100, { classes })).toBe('mid'); // time before class order
    expect(labelOf([fl(10, 'mid'), fl(10, 'zeta')], 10, { classes })).toBe('zeta'); // both at the cutoff
  });

  it('takes the horizon in seconds', () => {
    expect(labelOf([fl(1)], 100, { horizonSeconds: 90 * 60 })).toBe('failure');
    expect(labelOf([fl(2)], 100, { horizonSeconds: 90 * 60 })).toBe('none');
    expect(labelOf([fl(1.5)], 100, { horizonSeconds: 90 * 60 })).toBe('failure'); // exactly ts + H
  });
});
