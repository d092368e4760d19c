import { describe, it, expect } from 'vitest';
import {
  goldColumns,
  meanAndSampleStd,
  referenceGold,
  type GoldParams,
  type GoldRow,
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

  it('is null when ts + horizon lies past the cutoff, whatever the failures', () => {
    expect(labelAt([f(10, 'comp1')], { labelCutoff: at(48) })).toBe('comp1'); // equal: known
    expect(labelAt([], { labelCutoff: at(48) })).toBe('none');
    expect(labelAt([f(10, 'comp1')], { labelCutoff: new Date(at(48).getTime() - 1) })).toBeNull();
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
