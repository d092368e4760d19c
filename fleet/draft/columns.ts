import type { ColumnProfile, FileProfile } from './profile.js';
import { columnNameOf } from '../names.js';

/**
 * The role of each column of one file, guessed from its profile: the asset id, the time (a
 * timestamp or a counter of cycles), numbers, codes and flags. Every guess carries the reason
 * the draft prints beside it, so the user can judge it.
 */

/** Share of a column's values that must fit a kind: a few bad values do not change what it is. */
const MOSTLY = 0.95;

const ASSET_WORDS = /machine|unit|serial|asset|equipment|device|engine|turbine|vehicle|pump|station|motor|compressor|robot/;
const ID_WORDS = /(^|_)id(_|$)|id$/;
const TIME_WORDS = /time|date|^ts$|_ts$|stamp/;
const COUNTER_WORDS = /cycle|step|seq|tick|^t$|period/;
const FLAG_WORDS = /fail|broke|fault|breakdown|label|target/;
const FLAG_VALUES = new Set(['0', '1', 'true', 'false']);

export interface Guess<T> {
  value: T;
  why: string;
}

export type TimeGuess =
  | { kind: 'clock'; column: ColumnProfile; format: string | undefined; alternatives: string[] }
  | { kind: 'counter'; column: ColumnProfile };

export interface FileRoles {
  asset: Guess<ColumnProfile> | undefined;
  time: Guess<TimeGuess> | undefined;
  /** Numbers that change within an asset: sensor readings. */
  numbers: ColumnProfile[];
  /** Text with a few values: codes, components, categories. */
  codes: ColumnProfile[];
  /** Columns whose value is the same on every row of an asset but differs between assets. */
  fixed: ColumnProfile[];
  flag: ColumnProfile | undefined;
  leftOut: { column: string; why: string }[];
}

const share = (count: number, c: ColumnProfile): number => (c.present === 0 ? 0 : count / c.present);
export const isNumeric = (c: ColumnProfile): boolean => c.present > 0 && share(c.numeric, c) >= MOSTLY;
export const isWhole = (c: ColumnProfile): boolean => c.present > 0 && share(c.whole, c) >= MOSTLY;
const isClock = (c: ColumnProfile): boolean => c.present > 0 && (share(c.timestamps, c) >= MOSTLY || c.timeFormats.length > 0);
/** Whole numbers that mostly rise from one row to the next, falling back only when an asset ends. */
const isCounter = (c: ColumnProfile): boolean => isWhole(c) && (c.min ?? -1) >= 0 && c.distinct >= 3 && c.risingSteps >= 0.9 * c.steps;
const named = (c: ColumnProfile, words: RegExp): boolean => words.test(columnNameOf(c.name));
const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Which column names the asset: say so by name, come first, hold whole numbers, repeat over rows. */
function assetScore(c: ColumnProfile, position: number): number {
  const repeated = c.present >= 2 * c.distinct;
  const unique = c.distinct === c.present;
  const byName = named(c, ASSET_WORDS) || named(c, ID_WORDS);
  if (c.present < MOSTLY * c.rows || isClock(c) || (isNumeric(c) && !isWhole(c))) return 0;
  if (!(repeated || unique || byName) || (c.distinct === 1 && !byName)) return 0;
  return (
    (named(c, ASSET_WORDS) ? 4 : 0) +
    (named(c, ID_WORDS) ? 2 : 0) +
    (position === 0 ? 2 : position === 1 ? 1 : 0) +
    (isWhole(c) ? 2 : 0) +
    (repeated ? 2 : 1) -
    (isCounter(c) ? 2 : 0)
  );
}

export function guessAsset(profile: FileProfile): Guess<ColumnProfile> | undefined {
  let best: { column: ColumnProfile; score: number } | undefined;
  profile.columns.forEach((column, i) => {
    const score = assetScore(column, i);
    if (score >= 3 && (!best || score > best.score)) best = { column, score };
  });
  if (!best) return undefined;
  const c = best.column;
  const kind = isWhole(c) ? 'whole numbers' : 'text';
  const spread = c.distinct === c.present ? `one row per value (${plural(c.distinct, 'value')})` : `${plural(c.distinct, 'value')} repeated over ${plural(c.present, 'row')}`;
  return { value: c, why: `${kind}, ${spread}` };
}

/** Prefer a column named like the role, else the first that fits. */
function preferNamed(columns: readonly ColumnProfile[], words: RegExp): ColumnProfile | undefined {
  return columns.find((c) => named(c, words)) ?? columns[0];
}

function guessTime(profile: FileProfile, asset: ColumnProfile | undefined): Guess<TimeGuess> | undefined {
  const others = profile.columns.filter((c) => c !== asset);
  const clock = preferNamed(others.filter(isClock), TIME_WORDS);
  if (clock) {
    const byDefault = share(clock.timestamps, clock) >= MOSTLY;
    const format = byDefault ? undefined : clock.timeFormats[0];
    const why = byDefault ? 'timestamps (UTC assumed: add zone if they are local time)' : `datetimes in the form ${format}`;
    return { value: { kind: 'clock', column: clock, format, alternatives: byDefault ? [] : clock.timeFormats.slice(1) }, why };
  }
  const counter = preferNamed(others.filter(isCounter), COUNTER_WORDS);
  if (!counter) return undefined;
  return { value: { kind: 'counter', column: counter }, why: `a counter, not timestamps: whole numbers from ${counter.min ?? 0} that rise row by row` };
}

const flagLike = (values: readonly string[]): boolean => values.every((value) => FLAG_VALUES.has(value.toLowerCase()));

/** Two flag values, over every row of the files when they were read whole, else in the sample. */
const isFlag = (c: ColumnProfile): boolean => {
  const values = c.everyValue ?? (c.values ?? []).map(([value]) => value);
  return values.length === 2 && named(c, FLAG_WORDS) && flagLike(values);
};

/** Named like a flag with one flag value in the sample: the other may be set in rows it missed. */
export const mayBeFlag = (c: ColumnProfile): boolean => c.distinct === 1 && named(c, FLAG_WORDS) && flagLike((c.values ?? []).map(([value]) => value));

/** The constant value of a column, for the comment that says why it was left out. */
const onlyValue = (c: ColumnProfile): string => c.values?.[0]?.[0] ?? '';

/**
 * Sorts the columns other than asset and time into numbers, codes, fixed-per-asset columns and a
 * failure flag; what fits none is left out, with the reason.
 */
export function guessRoles(profile: FileProfile, asset: Guess<ColumnProfile> | undefined): FileRoles {
  const time = guessTime(profile, asset?.value);
  const roles: FileRoles = { asset, time, numbers: [], codes: [], fixed: [], flag: undefined, leftOut: [] };
  const assets = asset?.value.distinct ?? 0;
  for (const c of profile.columns) {
    if (c === asset?.value || c === time?.value.column) continue;
    const leave = (why: string) => roles.leftOut.push({ column: c.name, why });
    const fixed = assets > 1 && c.perAsset === 1 && profile.rows >= 2 * assets;
    if (c.present === 0) leave('always empty in the sample');
    else if (isFlag(c) && !roles.flag) roles.flag = c;
    else if (c.distinct === 1) leave(`never changes in the sample (always ${onlyValue(c)})`);
    else if (isClock(c)) leave('another time column');
    else if (fixed && !isNumeric(c) && 2 * c.distinct > assets) leave(`text fixed per asset but nearly one value per asset (${plural(c.distinct, 'value')}): another name for it`);
    else if (fixed) roles.fixed.push(c);
    else if (!isNumeric(c) && !c.values) leave(`text with many different values (${plural(c.distinct, 'value')} in the sample)`);
    else if (isNumeric(c)) roles.numbers.push(c);
    else roles.codes.push(c);
  }
  return roles;
}
