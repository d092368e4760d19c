import { listValue } from '@duckdb/node-api';
import { MAX_REGIMES } from '../regimes.js';
import type { RunSql } from './profile.js';
import type { NamedColumn } from './sources.js';

/**
 * Operating regimes in a draft (docs/fleet.md, `init --from-data`): readings columns that take a
 * few values far apart (an altitude, a Mach number, a throttle position, each with a little
 * noise) and together a few combinations are proposed as the settings that tell the regime, and
 * the other sensors as normalised within it.
 */

/** A column whose values round to `count` levels at `decimals`. */
export interface Levels {
  decimals: number;
  count: number;
}

export interface RegimeGuess {
  /** The sensors that tell the regime, and the decimals each is rounded to. */
  settings: { name: string; decimals: number }[];
  combinations: number;
}

/** More levels than this, and a column is a measurement, not a setting. */
const MAX_LEVELS = 12;
/** A level or combination in fewer of the sample's rows than this is noise, not a condition. */
const MIN_SHARE = 0.01;

const num = (value: unknown): number => Number(value ?? 0);

/** Levels closer than this share of the largest magnitude are one condition measured finely, not two. */
const MIN_GAP_SHARE = 0.01;
/** Levels whose values are not this many times further apart than a level is wide are a measurement cut by rounding. */
const MIN_GAP_WIDTHS = 10;

/**
 * Each column's levels at the finest rounding (0 to 3 decimals) that gives 2 to 12 levels, each
 * in at least 1% of the rows, spread over less than half its rounding unit, and apart by at least
 * 1% of the largest magnitude and ten times the widest level: values that sit well inside a few
 * distinct levels, not a measurement that happens to take few values (a sensor read to two
 * decimals, 21.60 or 21.61) or that rounding cuts in two (8.49 and 8.50).
 */
export async function columnLevels(run: RunSql, rows: number): Promise<Map<string, Levels>> {
  const found = new Map<string, Levels>();
  for (const row of await run('levels.sql', { max_levels: MAX_LEVELS })) {
    const decimals = num(row.decimals);
    const count = num(row.levels);
    const narrow = num(row.widest) < 0.5 * 10 ** -decimals;
    const apart = num(row.closest) >= MIN_GAP_SHARE * num(row.largest) && num(row.closest) >= MIN_GAP_WIDTHS * num(row.widest);
    if (count >= 2 && narrow && apart && num(row.fewest) >= MIN_SHARE * rows) found.set(String(row.name), { decimals, count });
  }
  return found;
}

async function combinationsOf(run: RunSql, settings: readonly NamedColumn[]): Promise<{ combinations: number; fewest: number }> {
  const [row] = await run('regime_combinations.sql', {
    names: listValue(settings.map((s) => s.column.key)),
    decimals: listValue(settings.map((s) => (s.column.levels as Levels).decimals)),
  });
  return { combinations: num(row?.combinations), fewest: num(row?.fewest) };
}

/**
 * The readings' sensors that take levels, as settings, when together they take a few common
 * combinations. In file order, the first such column starts the regimes; each later one joins
 * when it follows them (takes one value per regime found so far: another setting of the same
 * conditions, or a sensor the condition alone fixes) and is left to be a sensor when it would
 * split a regime (a measurement that happens to take few values).
 */
export async function guessRegime(run: RunSql, sensors: readonly NamedColumn[], rows: number): Promise<RegimeGuess | undefined> {
  const candidates = sensors.filter((s) => s.column.levels !== undefined).sort((a, b) => a.column.position - b.column.position);
  const [first, ...rest] = candidates;
  if (!first) return undefined;
  const settings = [first];
  const start = await combinationsOf(run, settings);
  for (const candidate of rest) {
    if ((await combinationsOf(run, [...settings, candidate])).combinations === start.combinations) settings.push(candidate);
  }
  if (settings.length === sensors.length || start.combinations > MAX_REGIMES || start.fewest < MIN_SHARE * rows) return undefined;
  return { settings: settings.map((s) => ({ name: s.name, decimals: (s.column.levels as Levels).decimals })), combinations: start.combinations };
}
