import { describe, expect, it } from 'vitest';
import { Random, Stream } from '../bronze/simulate/random.js';
import { episodeStartTimes, type AlertRow } from '../deliver/report/alert-episodes.js';
import { episodeStartsReference, type Row } from './report-references.js';

const HOUR = 3_600_000;

/** Hourly rows of a few assets with gaps in the grid and alerts in runs, some longer than a horizon. */
function generated(seed: number): Row[] {
  const rng = Random.forStream(seed, 0, Stream.telemetry);
  const next = (): number => rng.next();
  const rows: Row[] = [];
  for (let asset = 0; asset < 6; asset++) {
    let alert = false;
    for (let hour = 0; hour < 400; hour++) {
      if (next() < 0.08) continue;
      alert = next() < (alert ? 0.93 : 0.05);
      rows.push({ asset: String(asset), t: hour * HOUR, alert });
    }
  }
  return rows;
}

/** What alert_rows.sql hands over: each row in alert with the row before it of its asset. */
function alertRowsOf(rows: Row[]): AlertRow[] {
  return rows.flatMap((row, i) => {
    const before = rows[i - 1]?.asset === row.asset ? rows[i - 1] : undefined;
    return row.alert ? [{ asset: Number(row.asset), ts: row.t, beforeTs: before?.t ?? Number.NaN, beforeInAlert: before?.alert ?? false }] : [];
  });
}

describe('the episodes of the report', () => {
  it('start where a walk over every row starts them, from the rows in alert and the row before each', () => {
    for (const seed of [1, 2, 3]) {
      const rows = generated(seed);
      const grid = { stepMs: HOUR, horizonMs: 24 * HOUR };
      const expected = episodeStartsReference(rows, grid.stepMs, grid.horizonMs).map((r) => r.t);
      const starts = episodeStartTimes(alertRowsOf(rows), grid);
      expect(starts).toEqual(expected);
      // the generated runs are cut by gaps and by the horizon, so both rules are exercised
      const byGapsAlone = episodeStartsReference(rows, grid.stepMs, Infinity).length;
      expect(starts.length).toBeGreaterThan(byGapsAlone);
      expect(byGapsAlone).toBeGreaterThan(episodeStartsReference(rows, Infinity, Infinity).length);
    }
  });
});
