import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../bronze/ingest.js';
import type { Fleet } from '../../fleet/fleet.js';
import { parseFleet } from '../../fleet/load.js';
import { buildGold } from '../../gold/build.js';
import { fleetParams } from '../../gold/params.js';
import { refreshGold } from '../../gold/refresh.js';
import type { RegimeFit } from '../../gold/regimes/regime-params.js';
import { lastBuildParams } from '../../gold/tables.js';
import { buildSilver } from '../../silver/build.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { eachTestInTempLake, withWriter, type TempDir } from '../helpers.js';
import { differences, writeCsv } from './fixtures.js';
import { referenceRegimeFit, referenceTunedGold, type ReferenceRegimes } from './regime-reference.js';
import type { AssetId, GoldRow, ReferenceData, ReferenceReading } from './reference.js';

/**
 * Gold under operating regimes, with windows of their own aggregates and the age, against the
 * independent reference (test/gold/regime-reference.ts, written from docs/regimes.md): rounded
 * settings with noise, readings missing a setting, a condition the fit never saw (nearest, or no
 * regime), clustered settings; the fit reads its range only, and a nightly refresh reuses it and
 * equals one build of everything.
 */

let dir: TempDir;
let lake: string;
eachTestInTempLake((d, l) => {
  dir = d;
  lake = l;
});

const START = Date.UTC(2021, 2, 1);
const HOUR = 3_600_000;
const FIT_TO = START + 7 * 24 * HOUR;
const ASSETS = ['u1', 'u2', 'u3', 'u4'];

/** A small deterministic generator (LCG): the same data on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** For comparing fits built apart: each number to 10 significant digits. */
const roundedNumbers = (_key: string, value: unknown): unknown => (typeof value === 'number' ? Number(value.toPrecision(10)) : value);

const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** Flight conditions (altitude, Mach) and the level each moves the temperature to. */
const CONDITIONS = [
  { alt: 0, mach: 0, temp: 500 },
  { alt: 10, mach: 0.25, temp: 560 },
  { alt: 35, mach: 0.84, temp: 640 },
];
/** Seen only after the fit range, on one asset. */
const UNSEEN = { alt: 20, mach: 0.7, temp: 600 };

interface Shape {
  /** Rounded: altitude and Mach number in a few conditions. Clustered: one continuous wind speed. */
  kind: 'round' | 'clusters';
  /** Added to every sensor of readings after the fit range, to show the fit never reads them. */
  later: number;
}

function readingRows(shape: Shape): (string | number)[][] {
  const next = random(shape.kind === 'round' ? 7 : 11);
  const rows: (string | number)[][] = [];
  for (const unit of ASSETS) {
    let condition = CONDITIONS[0] as (typeof CONDITIONS)[number];
    for (let h = 0; h < 12 * 24; h++) {
      const ms = START + h * HOUR + (unit === 'u2' ? 3 * HOUR : 0);
      if (h % 3 === 0) condition = unit === 'u4' && ms >= FIT_TO && next() < 0.4 ? UNSEEN : (CONDITIONS[Math.floor(next() * CONDITIONS.length)] as (typeof CONDITIONS)[number]);
      const later = ms >= FIT_TO ? shape.later : 0;
      const wear = h * 0.05;
      const noise = () => (next() - 0.5) * 0.008;
      const temp = condition.temp + wear + (next() - 0.5) * 4 + later;
      const pres = condition.temp / 10 + (next() - 0.5) + later;
      const flow = 20 + next() * 3 + later;
      if (shape.kind === 'round') {
        const mach = next() < 0.03 ? '' : (condition.mach + noise() / 4).toFixed(4);
        rows.push([unit, stamp(ms), (condition.alt + noise()).toFixed(4), mach, temp.toFixed(3), pres.toFixed(3), flow.toFixed(3)]);
      } else {
        const wind = condition.alt / 2 + next() * 3;
        rows.push([unit, stamp(ms), wind.toFixed(4), temp.toFixed(3), pres.toFixed(3), flow.toFixed(3)]);
      }
    }
  }
  return rows;
}

const FAILURES = [['u1', stamp(START + 9.5 * 24 * HOUR)], ['u3', stamp(START + 10.25 * 24 * HOUR)]];

function fleetText(shape: Shape, unseen: 'nearest' | 'null'): string {
  const settings = shape.kind === 'round' ? 'alt:\n  mach: { optional: true }' : 'wind:';
  const how = shape.kind === 'round' ? 'settings: [alt, mach]\n  round: [0, 2]' : 'settings: [wind]\n  clusters: 3';
  const columns = shape.kind === 'round' ? 'alt, mach' : 'wind';
  return `
asset_id: text
sensors:
  ${settings}
  temp: { normalize: regime }
  pres: { normalize: regime }
  flow:
regimes:
  ${how}
  fit: { from: 2021-03-01, to: 2021-03-08 }
  unseen: ${unseen}
  features: [current, share]
features:
  step: 6h
  windows: { 6h: [mean], 1d: [std, slope, last], 12h: }
  aggregates: [max]
  age: true
label: { horizon: 1d }
sources:
  r: { files: "r*", holds: readings, asset: unit, time: ts, sensors: [${columns}, temp, pres, flow] }
  f: { files: "f*", holds: failures, asset: unit, time: ts }
`;
}

function writeFiles(shape: Shape, split?: number): string[][] {
  const header = shape.kind === 'round' ? 'unit,ts,alt,mach,temp,pres,flow' : 'unit,ts,wind,temp,pres,flow';
  const rows = readingRows(shape).map((r) => r.join(','));
  const failures = writeCsv(dir.path, 'f.csv', 'unit,ts', FAILURES.map((f) => f.join(',')));
  if (split === undefined) return [[writeCsv(dir.path, 'r.csv', header, rows), failures]];
  const before = rows.filter((r) => Date.parse(`${r.split(',')[1]}Z`) < split);
  const after = rows.filter((r) => Date.parse(`${r.split(',')[1]}Z`) >= split);
  return [[writeCsv(dir.path, 'r1.csv', header, before), failures], [writeCsv(dir.path, 'r2.csv', header, after)]];
}

async function load(session: LakeSession, fleet: Fleet, files: string[]): Promise<void> {
  const loaded = await ingest(session, fleet, files);
  expect(loaded.outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
  await buildSilver(session, fleet, { force: false });
}

async function referenceData(session: LakeSession, fleet: Fleet): Promise<ReferenceData> {
  const sensors = fleet.sensors.map((s) => s.name);
  const readings = (await session.query(`SELECT machine_id, ts, ${sensors.join(', ')} FROM silver_telemetry`)).map(
    (r): ReferenceReading => ({ id: r.machine_id as AssetId, ts: r.ts as Date, values: Object.fromEntries(sensors.map((s) => [s, r[s] as number | null])) }),
  );
  const failures = (await session.query('SELECT machine_id, ts, failure FROM silver_failures')).map((r) => ({ id: r.machine_id as AssetId, ts: r.ts as Date, failureClass: String(r.failure) }));
  return { readings, alarms: [], replacements: [], failures, assets: null };
}

function referenceRegimes(fleet: Fleet): ReferenceRegimes {
  const r = fleet.regimes;
  if (!r) throw new Error('the fleet has no regimes');
  return { ...r, fitFrom: new Date(START), fitTo: new Date(FIT_TO) };
}

async function goldRows(session: LakeSession): Promise<{ rows: GoldRow[]; columns: string[] }> {
  const columns = (session.catalog.tables.gold_features?.columns ?? []).map(([name]) => name);
  const rows = (await session.query('SELECT * FROM gold_features ORDER BY machine_id, ts')) as GoldRow[];
  return { rows, columns };
}

async function expectMatchesReference(shape: Shape, unseen: 'nearest' | 'null'): Promise<{ rows: GoldRow[]; fitted: RegimeFit }> {
  const fleet = parseFleet(fleetText(shape, unseen), 'lakescore.yaml');
  const [files] = writeFiles(shape);
  return withWriter(lake, async (s) => {
    await load(s, fleet, files as string[]);
    const report = await buildGold(s, { fleet, params: fleetParams(fleet), reset: false });
    const params = await lastBuildParams(s);
    const fitted = params?.regimes?.fitted;
    if (!fitted) throw new Error('the build recorded no fit');
    const data = await referenceData(s, fleet);
    const regimes = referenceRegimes(fleet);
    const fit = referenceRegimeFit(data.readings, regimes).fit;
    const close = (a: readonly (number | null)[], b: readonly (number | null)[]) => a.every((x, i) => (x === null ? b[i] === null : Math.abs(x - (b[i] as number)) < 1e-9));
    expect(close(fitted.scale, fit.scale)).toBe(true);
    expect(fitted.regimes.map((r) => r.key)).toEqual(fit.keys);
    fitted.regimes.forEach((r, i) => expect(close(r.centre, fit.centres[i] as number[]), `centre ${i + 1}`).toBe(true));
    fitted.mean.forEach((m, i) => expect(close(m, fit.mean[i] as number[]), `means of ${regimes.normalize[i]}`).toBe(true));
    fitted.sd.forEach((d, i) => expect(close(d, fit.sd[i] as number[]), `deviations of ${regimes.normalize[i]}`).toBe(true));
    const { rows, columns } = await goldRows(s);
    const windows = fleet.features.windows.map((window) => ({ window, aggregates: fleet.features.byWindow[window.text] ?? fleet.features.aggregates }));
    const expected = referenceTunedGold(
      { stepSeconds: fleet.features.step.seconds, alarmCodes: [], alarmWindow: null, components: [], classes: fleet.classes, attributes: [] },
      { sensors: fleet.sensors.map((x) => x.name), windows, age: true, regimes },
      data,
      { from: report.from, to: report.to, labelCutoff: report.labelCutoff, horizonSeconds: fleet.features.horizon.seconds },
    );
    expect(rows.length).toBeGreaterThan(100);
    expect(differences(rows, expected, columns)).toEqual([]);
    return { rows, fitted };
  });
}

describe('gold under operating regimes, against the reference', () => {
  it('rounds noisy settings into their conditions, skips readings missing one, and puts an unseen condition in the nearest regime', async () => {
    const { rows, fitted } = await expectMatchesReference({ kind: 'round', later: 0 }, 'nearest');
    expect(fitted.regimes.map((r) => r.key)).toEqual([[0, 0], [10, 0.25], [35, 0.84]]);
    const columns = Object.keys(rows[0] as GoldRow);
    for (const name of ['temp_mean_6h', 'temp_std_1d', 'temp_last_1d', 'flow_max_12h', 'regime_3_share_1d', 'regime', 'age_days']) expect(columns).toContain(name);
    for (const absent of ['temp_max_6h', 'temp_mean_1d', 'alt_mean_6h', 'mach_max_12h']) expect(columns).not.toContain(absent);
    expect(new Set(rows.map((r) => r.regime))).toEqual(new Set(['1', '2', '3']));
  });

  it('leaves a condition the fit never saw without a regime under unseen: null, and its normalised sensors NULL', async () => {
    const { rows } = await expectMatchesReference({ kind: 'round', later: 0 }, 'null');
    expect(rows.some((r) => r.machine_id === 'u4' && (r.ts as Date).getTime() >= FIT_TO && r.temp_mean_6h === null && r.flow_max_12h !== null)).toBe(true);
  });

  it('clusters a continuous setting into K regimes', async () => {
    const { fitted } = await expectMatchesReference({ kind: 'clusters', later: 0 }, 'nearest');
    expect(fitted.regimes).toHaveLength(3);
    expect(fitted.regimes.every((r) => r.key === null && r.readings > 100)).toBe(true);
  });

  it('fits on its range only: readings after it changed leave the fit and every row before it as they were', async () => {
    const built = async (later: number) => {
      const fleet = parseFleet(fleetText({ kind: 'round', later }, 'nearest'), 'lakescore.yaml');
      const [files] = writeFiles({ kind: 'round', later });
      const at = join(dir.path, `lake-${later}`);
      return withWriter(at, async (s) => {
        await load(s, fleet, files as string[]);
        await buildGold(s, { fleet, params: fleetParams(fleet), reset: false });
        const { rows, columns } = await goldRows(s);
        return { fitted: (await lastBuildParams(s))?.regimes?.fitted, rows: rows.filter((r) => (r.ts as Date).getTime() < FIT_TO), columns };
      });
    };
    const plain = await built(0);
    const shifted = await built(1000);
    // equal but for the order the engine's threads summed in (the last digits of a double)
    expect(JSON.stringify(shifted.fitted, roundedNumbers)).toBe(JSON.stringify(plain.fitted, roundedNumbers));
    expect(differences(shifted.rows, plain.rows, plain.columns.filter((c) => c !== 'label'))).toEqual([]);
  });

  it('refreshes nightly with the fit of the first build, equal to one build of everything', async () => {
    const shape: Shape = { kind: 'round', later: 0 };
    const fleet = parseFleet(fleetText(shape, 'nearest'), 'lakescore.yaml');
    const [first, second] = writeFiles(shape, START + 9 * 24 * HOUR);
    const nightly = await withWriter(lake, async (s) => {
      await load(s, fleet, first as string[]);
      await buildGold(s, { fleet, params: fleetParams(fleet), reset: false });
      const fitted = (await lastBuildParams(s))?.regimes?.fitted;
      await load(s, fleet, second as string[]);
      expect(await refreshGold(s, fleet)).toBeDefined();
      expect((await lastBuildParams(s))?.regimes?.fitted).toEqual(fitted);
      return goldRows(s);
    });
    const bulk = await withWriter(join(dir.path, 'bulk'), async (s) => {
      await load(s, fleet, [...(first as string[]), ...(second as string[])]);
      await buildGold(s, { fleet, params: fleetParams(fleet), reset: false });
      return goldRows(s);
    });
    expect(nightly.columns).toEqual(bulk.columns);
    expect(differences(nightly.rows, bulk.rows, bulk.columns)).toEqual([]);
  });
});
