import { describe, expect, it } from 'vitest';
import { DAY, generatedFleet, HOUR, type FleetShape } from '../../bench/decision-fleet.js';
import { alertsAt } from '../../ml/decision/alerts.js';
import { eventFigures } from '../../ml/decision/events.js';
import type { DecisionRows } from '../../ml/decision/types.js';
import type { Grid } from '../../ml/judge.js';
import { Rng } from '../../ml/forest/rng.js';
import { rowsWhere } from '../../ml/judge.js';
import { riskBin } from '../../ml/monitor/performance-bins.js';
import { emptyDay, judgeNight, NOTHING_OPEN, type DayFigures, type JudgedNight, type NightWindow, type OpenEvents } from '../../ml/monitor/performance-judge.js';
import { sumDays } from '../../ml/monitor/performance-rollup.js';
import { referenceEpisodes } from '../decision/reference.js';

/**
 * docs/monitoring.md (realised performance): nights over consecutive windows judge, day by day,
 * what one night over their union judges, and that agrees with a plain restatement of the rules
 * and, once everything has matured, with the decision module's own event figures.
 */

const shapes: FleetShape[] = [
  { seed: 11, assets: 14, steps: 500, stepMs: HOUR, horizonMs: 24 * HOUR, failureRate: 0.01, gapRate: 0.05 },
  { seed: 12, assets: 25, steps: 160, stepMs: DAY, horizonMs: 7 * DAY, failureRate: 0.02, levels: 20 },
  { seed: 13, assets: 10, steps: 400, stepMs: 12 * HOUR, horizonMs: 48 * HOUR, failureRate: 0.008, gapRate: 0.1 },
  // a horizon that is no whole number of steps
  { seed: 14, assets: 12, steps: 300, stepMs: 5 * HOUR, horizonMs: 13 * HOUR, failureRate: 0.02, gapRate: 0.02 },
];

const grid = (shape: FleetShape) => ({ stepMs: shape.stepMs, horizonMs: shape.horizonMs });

function within(rows: DecisionRows, alerts: Uint8Array | null, window: NightWindow): { rows: DecisionRows; alerts: Uint8Array | null } {
  const keep = (i: number): boolean => (rows.ts[i] as number) > window.after && (rows.ts[i] as number) <= window.through;
  const index = Array.from({ length: rows.ts.length }, (_, i) => i).filter(keep);
  return { rows: rowsWhere(rows, keep), alerts: alerts && Uint8Array.from(index, (i) => alerts[i] as number) };
}

/** A night given only the rows of its window. */
function judgeWindow(rows: DecisionRows, alerts: Uint8Array | null, g: Grid, window: NightWindow, open: OpenEvents): JudgedNight {
  const night = within(rows, alerts, window);
  return judgeNight(night.rows, night.alerts, g, window, open);
}

/** Cutoffs of 1 to 8 nights at random times over the rows' span, the last one `last`. */
function randomThroughs(rng: Rng, rows: DecisionRows, last: number): number[] {
  const first = rows.ts.reduce((a, b) => Math.min(a, b), Infinity);
  const cuts = Array.from({ length: rng.nextInt(8) }, () => first + rng.nextFloat() * (last - first));
  return [...new Set([...cuts, last])].sort((a, b) => a - b);
}

/** Nights one after another, each fed only its window's rows and the open events the one before left. */
function nightByNight(rows: DecisionRows, alerts: Uint8Array | null, shape: FleetShape, throughs: number[]): { days: Map<number, DayFigures[]>; open: OpenEvents } {
  const days = new Map<number, DayFigures[]>();
  let open = NOTHING_OPEN;
  let after = -Infinity;
  for (const through of throughs) {
    const judged = judgeWindow(rows, alerts, grid(shape), { after, through }, open);
    for (const d of judged.days) days.set(d.day, [...(days.get(d.day) ?? []), d]);
    open = judged.open;
    after = through;
  }
  return { days, open };
}

/** A day's figures in a form that compares exactly: floats rounded, lead hours sorted. */
function comparable(d: DayFigures): unknown {
  return {
    ...d,
    brierSum: Number(d.brierSum.toFixed(9)),
    assetDays: Number(d.assetDays.toFixed(9)),
    leadHours: d.leadHours && [...d.leadHours].sort((a, b) => a - b).map((h) => Number(h.toFixed(9))),
  };
}

const sortedOpen = (open: OpenEvents): OpenEvents => ({
  episodes: [...open.episodes].sort((a, b) => a.asset - b.asset),
  failures: [...open.failures].sort((a, b) => a.asset - b.asset || a.at - b.at),
});

/** The rules restated plainly over every row matured by `through` at once. */
function referenceDays(rows: DecisionRows, alerts: Uint8Array, shape: FleetShape, through: number): DayFigures[] {
  const judged = within(rows, alerts, { after: -Infinity, through });
  const r = judged.rows;
  const a = judged.alerts as Uint8Array;
  const days = new Map<number, DayFigures>();
  const at = (ms: number): DayFigures => {
    const day = Math.floor(ms / DAY);
    if (!days.has(day)) days.set(day, emptyDay(day, true));
    return days.get(day)!;
  };
  const failures = new Map<string, { at: number; first: number }>();
  for (let i = 0; i < r.ts.length; i++) {
    const d = at(r.ts[i]!);
    const positive = !Number.isNaN(r.failureAt[i]!);
    d.rows++;
    d.positives += positive ? 1 : 0;
    d.brierSum += (r.risk[i]! - (positive ? 1 : 0)) ** 2;
    (positive ? d.riskPositive : d.riskNegative)[riskBin(r.risk[i]!)]!++;
    d.assetDays = (d.rows * shape.stepMs) / DAY;
    const c = d.confusion!;
    if (positive) c[a[i] ? 'tp' : 'fn']++;
    else c[a[i] ? 'fp' : 'tn']++;
    if (!positive) continue;
    const key = `${r.asset[i]}@${r.failureAt[i]}`;
    const seen = failures.get(key) ?? { at: r.failureAt[i]!, first: Infinity };
    failures.set(key, { at: seen.at, first: a[i] ? Math.min(seen.first, r.ts[i]!) : seen.first });
  }
  for (const f of failures.values()) {
    if (f.at > through) continue;
    const d = at(f.at);
    d.failures++;
    if (f.first === Infinity) continue;
    d.caught!++;
    d.leadHours!.push((f.at - f.first) / HOUR);
  }
  for (const episode of referenceEpisodes(r, a, shape.stepMs, shape.horizonMs)) {
    const start = r.ts[episode[0]!]!;
    const lastRow = episode[episode.length - 1]!;
    const last = r.ts[lastRow]!;
    const laterRow = lastRow + 1 < r.ts.length && r.asset[lastRow + 1] === r.asset[lastRow];
    if (!laterRow && last + shape.stepMs > through && start + shape.horizonMs > through) continue;
    const d = at(start);
    d.episodes!++;
    if (episode.every((i) => Number.isNaN(r.failureAt[i]!))) d.falseEpisodes!++;
  }
  return [...days.values()].sort((x, y) => x.day - y.day);
}

describe('judging matured predictions night by night', () => {
  it('gives, summed per day, the figures of judging everything at once, for random nights', () => {
    for (const shape of shapes) {
      const rows = generatedFleet(shape);
      const rng = new Rng(shape.seed, 7);
      const end = rows.ts.reduce((a, b) => Math.max(a, b), -Infinity);
      for (const [threshold, capacity] of [[0.35, undefined], [0.5, undefined], [0.3, 2]] as const) {
        const alerts = alertsAt(rows, threshold, shape.stepMs, shape.horizonMs, capacity === undefined ? undefined : { maxPerDay: capacity });
        for (let trial = 0; trial < 4; trial++) {
          // sometimes everything matures, sometimes the data goes on past the last night
          const last = trial % 2 === 0 ? end + shape.horizonMs : end - rng.nextFloat() * 30 * shape.stepMs;
          const throughs = randomThroughs(rng, rows, last);
          const nightly = nightByNight(rows, alerts, shape, throughs);
          const bulk = judgeWindow(rows, alerts, grid(shape), { after: -Infinity, through: last }, NOTHING_OPEN);
          const summed = [...nightly.days.entries()].sort(([x], [y]) => x - y).map(([day, parts]) => ({ ...sumDays(parts), day }));
          expect(summed.map(comparable)).toEqual(bulk.days.map(comparable));
          expect(sortedOpen(nightly.open)).toEqual(sortedOpen(bulk.open));
          expect(bulk.days.map(comparable)).toEqual(referenceDays(rows, alerts, shape, last).map(comparable));
        }
      }
    }
  });

  it('counts, once everything has matured, what eventFigures counts on all the rows', () => {
    for (const shape of shapes) {
      const rows = generatedFleet(shape);
      const alerts = alertsAt(rows, 0.4, shape.stepMs, shape.horizonMs);
      const end = rows.ts.reduce((a, b) => Math.max(a, b), -Infinity) + shape.horizonMs;
      const judged = judgeNight(rows, alerts, grid(shape), { after: -Infinity, through: end }, NOTHING_OPEN);
      const total = sumDays(judged.days);
      const expected = eventFigures(rows, alerts, shape.stepMs, shape.horizonMs);
      expect(judged.open).toEqual(NOTHING_OPEN);
      expect(total.confusion).toEqual(expected.confusion);
      expect({ rows: total.rows, failures: total.failures, caught: total.caught, episodes: total.episodes, falseEpisodes: total.falseEpisodes }).toEqual({
        rows: expected.rows,
        failures: expected.failures,
        caught: expected.caught,
        episodes: expected.episodes,
        falseEpisodes: expected.falseEpisodes,
      });
      expect(total.assetDays).toBeCloseTo(expected.assetDays, 9);
    }
  });

  it('judges a failure only once a horizon has passed since it, and an episode once nothing can join it', () => {
    const h = HOUR;
    // one asset, hourly, failing at 10 h; alerts from 6 h to 8 h
    const rows: DecisionRows = {
      asset: new Int32Array(10),
      ts: Float64Array.from({ length: 10 }, (_, k) => k * h),
      risk: new Float64Array(10).fill(0.1),
      failureAt: Float64Array.from({ length: 10 }, (_, k) => (k >= 6 ? 10 * h : NaN)),
    };
    const alerts = Uint8Array.from({ length: 10 }, (_, k) => (k >= 6 && k <= 8 ? 1 : 0));
    const g = { stepMs: h, horizonMs: 4 * h };
    const first = judgeWindow(rows, alerts, g, { after: -Infinity, through: 7 * h }, NOTHING_OPEN);
    expect(sumDays(first.days)).toMatchObject({ rows: 8, failures: 0, episodes: 0 });
    expect(first.open).toEqual({ episodes: [{ asset: 0, start: 6 * h, last: 7 * h, positive: true }], failures: [{ asset: 0, at: 10 * h, firstAlert: 6 * h }] });
    const second = judgeWindow(rows, alerts, g, { after: 7 * h, through: 9 * h }, first.open);
    // the row at 9 h ended the episode; the failure at 10 h waits for a night that has matured past it
    expect(sumDays(second.days)).toMatchObject({ rows: 2, failures: 0, episodes: 1, falseEpisodes: 0 });
    const third = judgeWindow(rows, alerts, g, { after: 9 * h, through: 10 * h }, second.open);
    expect(sumDays(third.days)).toMatchObject({ rows: 0, failures: 1, caught: 1, leadHours: [4] });
    expect(third.open).toEqual(NOTHING_OPEN);
  });

  it('leaves the alert figures empty for a model without a rule', () => {
    const shape = shapes[0]!;
    const rows = generatedFleet(shape);
    const judged = judgeNight(rows, null, grid(shape), { after: -Infinity, through: Infinity }, NOTHING_OPEN);
    const total = sumDays(judged.days);
    expect(total).toMatchObject({ confusion: null, caught: null, leadHours: null, episodes: null, falseEpisodes: null, rows: rows.ts.length });
    expect(total.failures).toBeGreaterThan(0);
  });

  it('refuses rows outside the night or out of order', () => {
    const shape = shapes[0]!;
    const rows = generatedFleet(shape);
    expect(() => judgeNight(rows, null, grid(shape), { after: (rows.ts[0] as number) + 1, through: Infinity }, NOTHING_OPEN)).toThrow(/outside the night's window/);
    const reversed = rowsWhere(rows, (i) => i < 2);
    reversed.ts.reverse();
    expect(() => judgeNight(reversed, null, grid(shape), { after: -Infinity, through: Infinity }, NOTHING_OPEN)).toThrow(/out of \(asset, ts\) order/);
  });
});
