import { isWhole, type Guess, type TimeGuess } from './columns.js';
import type { RegimeGuess } from './regimes.js';
import { durationText, featuresFor, type FeaturesGuess } from './features.js';
import type { DataFile } from './files.js';
import { commonStem } from './groups.js';
import type { ColumnProfile } from './profile.js';
import { naturalOrder, type AttributeDraft, type SourceDraft } from './sources.js';
import { columnNameOf, isSqlName } from '../names.js';

/**
 * The drafted sources made into one definition: source names, the id type, the declared sensors,
 * alarm codes, components and attributes, the features for the readings' cadence, and the fleet-wide rules of fleet.ts settled (one
 * attributes source, failures with components or without), each compromise a TODO.
 */

export interface SensorDraft {
  name: string;
  optional: boolean;
  min: number | undefined;
  max: number | undefined;
  /** Normalised within the regime: a sensor that is not a setting, where the draft proposes regimes. */
  normalize: boolean;
}

export interface SkippedFile {
  file: DataFile;
  why: string;
  /** A table lakescore could read, that the draft could not place: the user must decide. */
  todo: boolean;
}

export interface FleetDraft {
  idType: Guess<'integer' | 'text'>;
  sensors: SensorDraft[];
  alarms: Guess<{ codes: string[] } | { top: number }> | undefined;
  components: Guess<string[]> | undefined;
  attributes: (AttributeDraft & { from: string })[];
  features: Guess<FeaturesGuess>;
  regimes: Guess<RegimeGuess> | undefined;
  sources: SourceDraft[];
  skipped: SkippedFile[];
  todos: string[];
}

/** Codes and components lakescore turns into column names: at most this many are listed. */
const MAX_LISTED = 50;
const OPEN_TOP = 20;

/** How many leading characters all names share, up to and including a `_`. */
function sharedPrefix(names: readonly string[]): number {
  const first = names[0] ?? '';
  let length = 0;
  while (length < first.length && names.every((n) => n[length] === first[length])) length++;
  return first.slice(0, length).lastIndexOf('_') + 1;
}

const reversed = (text: string): string => [...text].reverse().join('');

/**
 * Source names from what each source's file names have in common, without what every source's
 * shares (`PdM_`, `_FD001`), each once. Where that leaves no valid name (files named by their
 * date alone), the source is named by what it holds.
 */
function nameSources(sources: readonly SourceDraft[]): void {
  const stems = sources.map((s) => commonStem(s.pattern) ?? '');
  const pre = stems.length > 1 ? sharedPrefix(stems) : 0;
  const post = stems.length > 1 ? sharedPrefix(stems.map(reversed)) : 0;
  const short = stems.map((stem) => stem.slice(pre, stem.length - post));
  const usable = short.every((s) => s !== '') && new Set(short).size === short.length;
  const taken = new Set<string>();
  sources.forEach((source, i) => {
    const stem = usable ? (short[i] as string) : (stems[i] as string);
    const base = stem !== '' && isSqlName(columnNameOf(stem)) ? columnNameOf(stem) : source.holds.value;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    source.name = name;
  });
}

/** The features for the most frequent readings: a coarser source's assets still get a feature row every step. */
function guessFeatures(draft: FleetDraft): Guess<FeaturesGuess> {
  const cadences = draft.sources.filter((s) => s.holds.value === 'readings' && s.cadence !== undefined).map((s) => s.cadence as number);
  if (cadences.length === 0) return { value: featuresFor(undefined), why: 'no asset has two readings in the sample to tell their cadence' };
  const cadence = Math.min(...cadences);
  const counted = draft.sources.some((s) => s.holds.value === 'readings' && s.time?.value.kind === 'counter');
  const unit = counted ? ' (a count taken as its unit, 1h)' : '';
  return { value: featuresFor(cadence), why: `an asset's readings are typically ${durationText(cadence)} apart${unit}` };
}

const skip = (source: SourceDraft, why: string): SkippedFile[] => source.files.map((file) => ({ file, why, todo: true }));

/** At most one attributes source, and attributes from it or from readings, not both. */
function settleAttributes(draft: FleetDraft): void {
  const tables = draft.sources.filter((s) => s.holds.value === 'attributes');
  for (const extra of tables.slice(1)) {
    draft.skipped.push(...skip(extra, `another file of asset attributes; lakescore reads them from one source (${tables[0]?.name}): merge the files or add its columns there`));
  }
  draft.sources = draft.sources.filter((s) => !tables.slice(1).includes(s));
  const table = tables[0];
  for (const readings of draft.sources.filter((s) => s.holds.value === 'readings' && s.attributes.length > 0)) {
    if (!table) continue;
    for (const a of readings.attributes) readings.leftOut.push({ column: a.column.name, why: `the same on every row of an asset; attributes come from ${table.name}` });
    readings.attributes = [];
  }
  const declared = new Map<string, AttributeDraft & { from: string }>();
  for (const source of draft.sources) {
    for (const a of source.attributes) {
      const known = declared.get(a.name);
      if (!known) declared.set(a.name, { ...a, from: source.name });
      else if (known.values && a.values) known.values = [...new Set([...known.values, ...a.values])].sort(naturalOrder);
    }
  }
  draft.attributes = [...declared.values()];
}

/** Either every failure names its component, or none does. */
function settleFailures(draft: FleetDraft): void {
  const failures = draft.sources.filter((s) => s.holds.value === 'failures');
  const named = failures.filter((s) => s.component);
  if (named.length === 0) return;
  for (const readings of draft.sources.filter((s) => s.failureFlag)) {
    readings.leftOut.push({ column: readings.failureFlag?.name ?? '', why: `looks like a failure flag, but failures come with their component from ${named[0]?.name}` });
    readings.failureFlag = undefined;
  }
  if (named.length === failures.length) return;
  for (const source of named) {
    source.leftOut.push({ column: source.component?.name ?? '', why: 'the component: other failure files name none, and either all failures name one or none does' });
    source.todos.push('failures of other files name no component, so this one was read without its component column');
    source.component = undefined;
  }
}

/** Values lakescore can declare: listed in full, none empty, distinct as column names. */
function declarable(values: readonly string[]): boolean {
  return values.length > 0 && values.length <= MAX_LISTED && new Set(values.map(columnNameOf)).size === values.length;
}

function settleComponents(draft: FleetDraft): void {
  const naming = draft.sources.filter((s) => s.component);
  if (naming.length === 0) return;
  const lists = naming.map((s) => s.component?.values?.map(([v]) => v));
  const values = [...new Set(lists.flatMap((l) => l ?? []))].sort(naturalOrder);
  if (lists.every((l) => l !== undefined) && declarable(values) && !values.some((v) => v.toLowerCase() === 'none')) {
    draft.components = { value: values, why: `the values of ${naming.map((s) => `${s.name}.${s.component?.name}`).join(' and ')}` };
    return;
  }
  const why = 'the component column has too many, unnamed or clashing values to list as components';
  draft.todos.push(`components could not be listed (${why}): declare them, then add the maintenance source back`);
  draft.skipped.push(...naming.filter((s) => s.holds.value === 'maintenance').flatMap((s) => skip(s, why)));
  draft.sources = draft.sources.filter((s) => s.holds.value !== 'maintenance' || !naming.includes(s));
  for (const s of naming) s.component = undefined;
}

function settleAlarms(draft: FleetDraft): void {
  const sources = draft.sources.filter((s) => s.holds.value === 'alarms');
  if (sources.length === 0) return;
  const lists = sources.map((s) => s.code?.values?.map(([v]) => v));
  const codes = [...new Set(lists.flatMap((l) => l ?? []))].sort(naturalOrder);
  const from = sources.map((s) => `${s.name}.${s.code?.name}`).join(' and ');
  draft.alarms =
    lists.every((l) => l !== undefined) && declarable(codes)
      ? { value: { codes }, why: `the values of ${from} in the sample; add any others` }
      : { value: { top: OPEN_TOP }, why: `${from} has too many or clashing codes to list: the ${OPEN_TOP} most frequent are counted` };
}

function collectSensors(draft: FleetDraft): void {
  const readings = draft.sources.filter((s) => s.holds.value === 'readings');
  const sensors = new Map<string, SensorDraft>();
  for (const source of readings) {
    for (const { name, column } of source.sensors) {
      const known = sensors.get(name) ?? { name, optional: false, min: column.min, max: column.max, normalize: false };
      known.min = Math.min(known.min ?? Infinity, column.min ?? Infinity);
      known.max = Math.max(known.max ?? -Infinity, column.max ?? -Infinity);
      sensors.set(name, known);
    }
  }
  for (const sensor of sensors.values()) sensor.optional = readings.some((s) => !s.sensors.some((n) => n.name === sensor.name));
  draft.sensors = [...sensors.values()];
  const clash = new Set(draft.sensors.map((s) => s.name));
  for (const attribute of draft.attributes.filter((a) => clash.has(a.name))) {
    const renamed = `${attribute.name}_attribute`;
    for (const source of draft.sources) for (const a of source.attributes) if (a.name === attribute.name) a.name = renamed;
    attribute.name = renamed;
  }
}

const settingNames = (guess: RegimeGuess): string => guess.settings.map((s) => s.name).join(',');

/**
 * Regimes when every readings source's settings tell them alike (train and test files of one
 * fleet); every other sensor is then normalised within them.
 */
function settleRegimes(draft: FleetDraft): void {
  const guesses = draft.sources.filter((s) => s.holds.value === 'readings').map((s) => s.regime);
  const first = guesses[0];
  if (!first || guesses.some((g) => g === undefined || settingNames(g) !== settingNames(first))) return;
  const combinations = Math.max(...guesses.map((g) => (g as RegimeGuess).combinations));
  const settings = first.settings.map((s) => s.name);
  draft.regimes = {
    value: { settings: first.settings, combinations },
    why: `${settings.join(', ')} take ${combinations} combinations of a few well-separated values in the sample: operating conditions, which move the other sensors`,
  };
  for (const sensor of draft.sensors) sensor.normalize = !settings.includes(sensor.name);
}

const overlap = <T extends number | string>(a: [T, T], b: [T, T]): boolean => a[0] <= b[1] && b[0] <= a[1];

function idsOverlap(a: ColumnProfile, b: ColumnProfile): boolean {
  if (isWhole(a) && isWhole(b)) return overlap([a.min ?? 0, a.max ?? 0], [b.min ?? 0, b.max ?? 0]);
  const seen = new Set(a.values?.map(([v]) => v));
  return b.values?.some(([v]) => seen.has(v)) ?? false;
}

function timesOverlap(a: TimeGuess | undefined, b: TimeGuess | undefined): boolean {
  if (a?.kind === 'counter' && b?.kind === 'counter') return overlap([a.column.min ?? 0, a.column.max ?? 0], [b.column.min ?? 0, b.column.max ?? 0]);
  if (a?.kind !== 'clock' || b?.kind !== 'clock') return false;
  const [a0, a1, b0, b1] = [a.column.firstTime, a.column.lastTime, b.column.firstTime, b.column.lastTime];
  return a0 !== undefined && a1 !== undefined && b0 !== undefined && b1 !== undefined && overlap([a0, a1], [b0, b1]);
}

/** Same ids at the same times in two readings files: other assets (train and test engines), or a copy. */
const collide = (a: SourceDraft, b: SourceDraft): boolean => idsOverlap(a.asset.value, b.asset.value) && timesOverlap(a.time?.value, b.time?.value);

/**
 * Readings files whose ids and times overlap would merge into one asset's rows and collide as
 * duplicates. With only readings, nothing else refers to the ids, so each file's ids get its
 * source name as a prefix; when other files name the assets too, the user decides.
 */
function settleIdCollisions(draft: FleetDraft): void {
  const readings = draft.sources.filter((s) => s.holds.value === 'readings');
  const colliding = readings.filter((s) => readings.some((o) => o !== s && collide(s, o)));
  const onlyReadings = draft.sources.every((s) => s.holds.value === 'readings');
  for (const source of colliding) {
    const others = colliding.filter((o) => o !== source && collide(source, o)).map((o) => o.name).join(' and ');
    const clash = `the same ids at the same times as in ${others}`;
    if (onlyReadings) source.prefix = { value: `${source.name}_`, why: `${clash}: taken as other assets (TODO: drop the prefixes if they are the same ones)` };
    else if (source !== colliding[0]) source.todos.push(`${clash}: if they are other assets, use asset: { column: ${source.asset.value.name}, prefix: ${source.name}_ } and asset_id: text`);
  }
}

function idType(draft: FleetDraft): Guess<'integer' | 'text'> {
  if (draft.sources.some((s) => s.prefix)) return { value: 'text', why: 'asset ids get a source prefix (see sources)' };
  if (draft.sources.every((s) => isWhole(s.asset.value))) return { value: 'integer', why: 'every asset id in the samples is a whole number' };
  return { value: 'text', why: 'some asset ids are not whole numbers' };
}

function fleetTodos(draft: FleetDraft): void {
  if (!draft.sources.some((s) => s.holds.value === 'readings')) {
    draft.todos.push('no file looks like readings (a time, an asset id and numbers): add a source with holds: readings, time and sensors');
  }
  if (!draft.sources.some((s) => s.holds.value === 'failures' || s.failureFlag)) {
    draft.todos.push('no file looks like failures, so there are no labels to train on: add a failures source, or a failure_flag column to the readings');
  }
}

export function planFleet(sources: SourceDraft[], skipped: SkippedFile[]): FleetDraft {
  nameSources(sources);
  const draft: FleetDraft = {
    idType: { value: 'text', why: '' }, sensors: [], alarms: undefined, components: undefined, attributes: [], features: { value: featuresFor(undefined), why: '' }, regimes: undefined, sources, skipped, todos: [],
  };
  settleAttributes(draft);
  settleFailures(draft);
  settleComponents(draft);
  settleAlarms(draft);
  collectSensors(draft);
  settleRegimes(draft);
  settleIdCollisions(draft);
  draft.idType = idType(draft);
  draft.features = guessFeatures(draft);
  fleetTodos(draft);
  return draft;
}
