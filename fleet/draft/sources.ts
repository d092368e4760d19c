import { isNumeric, isWhole, type FileRoles, type Guess, type TimeGuess } from './columns.js';
import type { RegimeGuess } from './regimes.js';
import type { Dialect } from './dialect.js';
import type { DataFile } from './files.js';
import type { FilesPattern } from './groups.js';
import type { ColumnProfile } from './profile.js';
import { columnNameOf } from '../names.js';
import type { SourceHolds } from '../schema.js';

/**
 * One source in the draft, from the sample of its files: what it holds, guessed from its shape and name, and the
 * columns each role of that kind of source reads. Fleet-wide agreement (one id type, the
 * declared sensors, codes and components) is settled afterwards, in plan.ts.
 */

export interface NamedColumn {
  name: string;
  column: ColumnProfile;
}

export interface AttributeDraft extends NamedColumn {
  kind: 'categorical' | 'numeric' | 'integer';
  values: string[] | undefined;
}

export interface SourceDraft {
  name: string;
  /** The largest of its files: the one named in messages, whose name hints at what it holds. */
  file: DataFile;
  files: DataFile[];
  pattern: FilesPattern;
  /** The typical seconds between an asset's consecutive readings, when the sample shows them. */
  cadence: number | undefined;
  dialect: Guess<Dialect> | undefined;
  holds: Guess<SourceHolds>;
  asset: Guess<ColumnProfile>;
  /** Put before this source's ids, when they name other assets than the same ids elsewhere. */
  prefix: Guess<string> | undefined;
  time: Guess<TimeGuess> | undefined;
  sensors: NamedColumn[];
  attributes: AttributeDraft[];
  code: ColumnProfile | undefined;
  component: ColumnProfile | undefined;
  failureFlag: ColumnProfile | undefined;
  /** Readings whose settings tell an operating regime (filled in once the sample is at hand). */
  regime: RegimeGuess | undefined;
  leftOut: { column: string; why: string }[];
  todos: string[];
}

export interface FileInput {
  file: DataFile;
  files: DataFile[];
  pattern: FilesPattern;
  cadence: number | undefined;
  dialect: Guess<Dialect> | undefined;
  roles: FileRoles;
}

const HOLDS_WORDS: [SourceHolds, RegExp][] = [
  ['alarms', /error|alarm|alert|warning|event|fault|dtc/],
  ['maintenance', /maint|repair|service|replace|work_?order/],
  ['failures', /fail|breakdown|outage/],
  ['attributes', /machines|assets|equipment|devices|engines|attribute|meta|info|master|inventory|fleet/],
];
const CODE_WORDS = /code|error|alarm|event|fault|type|id$/;
const COMPONENT_WORDS = /comp|part|failure|fail|type|item/;
/** Names silver and gold give their own columns; a sensor or attribute may not take them. */
const RESERVED = new Set(['machine_id', 'ts', 'label']);

/** The file name without its data extensions, as a SQL name: `PdM_errors.csv.gz` -> `pdm_errors`. */
export const stemOf = (file: DataFile): string => columnNameOf(file.name.replace(/\.gz$/i, '').replace(/\.(csv|tsv|txt|parquet)$/i, ''));

export const naturalOrder = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** Column names as sensor or attribute names: SQL names, none reserved, none twice. */
export function nameColumns(columns: readonly ColumnProfile[]): NamedColumn[] {
  const taken = new Set<string>();
  return columns.map((column) => {
    const base = columnNameOf(column.name);
    let name = RESERVED.has(base) ? `${base}_value` : base;
    for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return { name, column };
  });
}

const valuesOf = (c: ColumnProfile): string[] | undefined => c.values?.map(([value]) => value).sort(naturalOrder);

/** An integer attribute is a 32-bit INTEGER in silver: larger whole numbers (a capacity in bytes) are numeric. */
const INTEGER_LIMIT = 2 ** 31 - 1;
const fitsInteger = (c: ColumnProfile): boolean => isWhole(c) && Math.max(Math.abs(c.min ?? 0), Math.abs(c.max ?? 0)) <= INTEGER_LIMIT;

export function attributeOf({ name, column }: NamedColumn): AttributeDraft {
  if (isNumeric(column)) return { name, column, kind: fitsInteger(column) ? 'integer' : 'numeric', values: undefined };
  return { name, column, kind: 'categorical', values: valuesOf(column) };
}

const inFileOrder = (columns: readonly ColumnProfile[]): ColumnProfile[] => [...columns].sort((a, b) => a.position - b.position);

const preferNamed = (columns: readonly ColumnProfile[], words: RegExp): ColumnProfile | undefined =>
  columns.find((c) => words.test(columnNameOf(c.name))) ?? columns[0];

/** An alarm code: text with few values, else whole numbers with few values. */
function codeColumn(roles: FileRoles): ColumnProfile | undefined {
  const texts = [...roles.codes, ...roles.fixed.filter((c) => !isNumeric(c))];
  const wholes = [...roles.numbers, ...roles.fixed].filter((c) => isWhole(c) && c.values !== undefined);
  return preferNamed(texts, CODE_WORDS) ?? preferNamed(wholes, CODE_WORDS);
}

function componentColumn(roles: FileRoles): ColumnProfile | undefined {
  return preferNamed([...roles.codes, ...roles.fixed.filter((c) => !isNumeric(c))], COMPONENT_WORDS);
}

/** What the file holds, with a TODO when its shape fits more than one kind; or why it fits none. */
function guessHolds(input: FileInput): (Guess<SourceHolds> & { todo?: string }) | string {
  const { roles } = input;
  const asset = roles.asset?.value;
  if (!asset) return 'no column looks like an asset id (few values repeated over many rows, or one row per value)';
  const hint = HOLDS_WORDS.find(([, words]) => words.test(stemOf(input.file)))?.[0];
  const unique = asset.distinct === asset.present;
  const hasAttributes = roles.numbers.length + roles.codes.length + roles.fixed.length > 0;
  const byName = { why: `the file name says so; it has ${roles.time ? 'a time, ' : ''}an asset id and ${plainList(roleColumns(roles))}` };
  if (!roles.time) {
    if (unique && hasAttributes) return { value: 'attributes', why: 'no time column and one row per asset' };
    if (roles.fixed.length > 0 && roles.numbers.length + roles.codes.length === 0) return { value: 'attributes', why: 'no time column; its values are fixed per asset' };
    return 'no column could be read as a time (timestamps or a counter of cycles), and the values change within an asset';
  }
  if (hint === 'alarms' && codeColumn(roles)) return { value: 'alarms', ...byName };
  if (hint === 'maintenance' && componentColumn(roles)) return { value: 'maintenance', ...byName };
  if (hint === 'failures') return { value: 'failures', ...byName };
  if (hint === 'attributes' && unique && hasAttributes) return { value: 'attributes', why: 'the file name says so, and it has one row per asset' };
  if (roles.numbers.length > 0) return { value: 'readings', why: `a time, an asset id and ${roles.numbers.length} changing number column${roles.numbers.length === 1 ? '' : 's'}` };
  if (codeColumn(roles)) {
    return { value: 'alarms', why: 'a time, an asset id and a code column', todo: 'alarms, maintenance (the code is the replaced component) or failures (the failed one)?' };
  }
  return { value: 'failures', why: 'only an asset id and a time', todo: 'each row is taken as one failure: is it?' };
}

function roleColumns(roles: FileRoles): string[] {
  return [...roles.numbers, ...roles.codes, ...roles.fixed].map((c) => c.name);
}

const plainList = (names: readonly string[]): string => (names.length === 0 ? 'no other columns' : names.join(', '));

/** The file's source, or why no source could be drafted for it. */
export function draftSource(input: FileInput): SourceDraft | string {
  const holds = guessHolds(input);
  if (typeof holds === 'string') return holds;
  const { roles } = input;
  const source: SourceDraft = {
    name: '', file: input.file, files: input.files, pattern: input.pattern, cadence: input.cadence, dialect: input.dialect, holds, asset: roles.asset as Guess<ColumnProfile>,
    prefix: undefined, time: holds.value === 'attributes' ? undefined : roles.time, sensors: [], attributes: [], code: undefined, component: undefined,
    failureFlag: undefined, regime: undefined, leftOut: [...roles.leftOut], todos: holds.todo ? [holds.todo] : [],
  };
  const used = new Set<ColumnProfile>();
  const take = <T extends ColumnProfile | undefined>(c: T): T => {
    if (c) used.add(c);
    return c;
  };
  switch (holds.value) {
    case 'readings':
      source.sensors = nameColumns(roles.numbers.map(take));
      source.attributes = nameColumns(roles.fixed.map(take)).map(attributeOf);
      source.failureFlag = take(roles.flag);
      break;
    case 'alarms':
      source.code = take(codeColumn(roles));
      break;
    case 'maintenance':
      source.component = take(componentColumn(roles));
      break;
    case 'failures':
      source.component = take(componentColumn(roles));
      break;
    case 'attributes':
      source.attributes = nameColumns(inFileOrder([...roles.numbers, ...roles.codes, ...roles.fixed]).map(take)).map(attributeOf);
      if (roles.time) source.leftOut.push({ column: roles.time.value.column.name, why: 'a time: attributes are numbers or categories (an age, say)' });
      break;
  }
  const unused = inFileOrder([...roles.numbers, ...roles.codes, ...roles.fixed, ...(roles.flag ? [roles.flag] : [])]).filter((c) => !used.has(c));
  for (const c of unused) {
    const why = holds.value === 'readings' && !isNumeric(c) ? 'text that changes within an asset: readings are numbers' : `a source that holds ${holds.value} does not read it`;
    source.leftOut.push({ column: c.name, why });
  }
  return source;
}
