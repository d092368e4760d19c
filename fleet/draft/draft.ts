import { InputError } from '../../sql/errors.js';
import { guessRegime } from './regimes.js';
import { guessAsset, guessRoles, mayBeFlag, type Guess } from './columns.js';
import { detectDialect, type Dialect } from './dialect.js';
import { DATA_FILE_KINDS, findDataFiles, readHead, type DataFile } from './files.js';
import { groupFiles, partsByName, patternFor } from './groups.js';
import { planFleet, type FleetDraft, type SkippedFile } from './plan.js';
import { DraftDatabase, type FileProfile } from './profile.js';
import { SAMPLE_ROWS } from './sample.js';
import { partsConflict, typicalInterval, valuesEverywhere } from './series.js';
import { draftSource, type SourceDraft } from './sources.js';
import { fleetYaml } from './yaml.js';
import { parseFleet } from '../load.js';
import { columnNameOf } from '../names.js';

/**
 * `lakescore init --from-data DIR`: a fleet definition drafted from the data files in a
 * directory, for the user to check and edit. Files of one header and name form are one source,
 * sampled together; the role of each column is guessed, the guesses are settled into one
 * definition and written as commented YAML.
 */

export interface Draft {
  text: string;
  /** What was guessed, file by file, and what the user must still do: for the terminal. */
  summary: string[];
  /** Why the draft is not yet a valid definition, or undefined when parseFleet accepts it. */
  problem: string | undefined;
}

const count = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

const firstLine = (err: unknown): string => ((err as Error).message ?? String(err)).split('\n')[0] ?? '';

const shape = (profile: FileProfile): string => `${count(profile.columns.length, 'column')}, ${count(profile.rows, 'row')} sampled`;

/** A data file with what makes files one source: its columns (as the definition matches them) and dialect. */
interface Candidate {
  file: DataFile;
  dialect: Guess<Dialect> | undefined;
  key: string;
}

const skipAll = (files: readonly DataFile[], why: string, todo: boolean): SkippedFile[] => files.map((file) => ({ file, why, todo }));

async function dialectOf(file: DataFile): Promise<Guess<Dialect> | SkippedFile> {
  let head: string | undefined;
  try {
    head = await readHead(file);
  } catch (err) {
    return { file, why: `cannot be read: ${firstLine(err)}`, todo: false };
  }
  if (head === undefined) return { file, why: 'not UTF-8 text', todo: false };
  const guess = detectDialect(head);
  return 'skip' in guess ? { file, why: guess.skip, todo: false } : { value: guess.dialect, why: guess.why };
}

async function candidateOf(db: DraftDatabase, file: DataFile): Promise<Candidate | SkippedFile> {
  if (file.kind === 'parquet') {
    try {
      const columns = (await db.run('parquet_columns.sql', { path: file.path })).map((row) => columnNameOf(String(row.column_name)));
      return { file, dialect: undefined, key: `parquet ${columns.join(',')}` };
    } catch (err) {
      return { file, why: `DuckDB cannot read it: ${firstLine(err)}`, todo: false };
    }
  }
  const dialect = await dialectOf(file);
  if ('file' in dialect) return dialect;
  const { delimiter, header, names } = dialect.value;
  return { file, dialect, key: `text ${JSON.stringify(delimiter)} ${header} ${names.map(columnNameOf).join(',')}` };
}

/** A flag the sample shows unset may be set in rows it missed: such columns are read whole. */
async function readFlagsWhole(db: DraftDatabase, files: readonly DataFile[], dialect: Dialect | undefined, profile: FileProfile): Promise<void> {
  for (const column of profile.columns.filter(mayBeFlag)) {
    try {
      column.everyValue = await valuesEverywhere(db.run, files, dialect, column, 3);
    } catch {
      // a file DuckDB cannot read whole is reported by ingest; the draft keeps the sample's view
    }
  }
}

/**
 * One source from the files of one header, judged on a sample of all of them; or, when files of
 * different names turn out to be other assets under the same ids, one source per name.
 */
async function draftGroup(db: DraftDatabase, files: DataFile[], dialect: Guess<Dialect> | undefined, all: readonly DataFile[]): Promise<(SourceDraft | SkippedFile)[]> {
  const parts = partsByName(files);
  const apart = async (): Promise<(SourceDraft | SkippedFile)[]> => {
    const outcomes: (SourceDraft | SkippedFile)[] = [];
    // one after another: every sample lives in the same tables of the one database
    for (const part of parts) outcomes.push(...(await draftGroup(db, part, dialect, all)));
    return outcomes;
  };
  let profile: FileProfile;
  try {
    profile = await db.profile(parts.flatMap((part, i) => part.map((file) => ({ file, part: i }))), dialect?.value);
  } catch (err) {
    return parts.length > 1 ? apart() : skipAll(files, `DuckDB cannot read it: ${firstLine(err)}`, false);
  }
  if (profile.rows === 0) return skipAll(files, 'no rows', false);
  const asset = guessAsset(profile);
  if (asset) await db.measurePerAsset(profile, asset.value);
  await readFlagsWhole(db, files, dialect?.value, profile);
  const roles = guessRoles(profile, asset);
  const time = roles.time?.value;
  if (parts.length > 1 && asset && time && (await partsConflict(db.run, asset.value, time))) return apart();
  const cadence = asset && time ? await typicalInterval(db.run, asset.value, time) : undefined;
  const pattern = patternFor(files.map((f) => f.name), all.filter((f) => !files.includes(f)));
  const largest = files.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const source = draftSource({ file: largest, files, pattern, cadence, dialect, roles });
  if (typeof source === 'string') return skipAll(files, `${shape(profile)}; ${source}`, true);
  if (source.holds.value === 'readings') source.regime = await guessRegime(db.run, source.sensors, profile.rows);
  return [source];
}

function describe(s: SourceDraft): string {
  const roles = [`asset ${s.asset.value.name}${s.prefix ? ` (prefixed ${s.prefix.value})` : ''}`];
  if (s.time) roles.push(`time ${s.time.value.column.name}${s.time.value.kind === 'counter' ? ' (a counter)' : ''}`);
  if (s.sensors.length) roles.push(count(s.sensors.length, 'sensor'));
  if (s.attributes.length) roles.push(`attributes ${s.attributes.map((a) => a.name).join(', ')}`);
  if (s.code) roles.push(`code ${s.code.name}`);
  if (s.component) roles.push(`component ${s.component.name}`);
  if (s.failureFlag) roles.push(`failure flag ${s.failureFlag.name}`);
  const files = s.files.length === 1 ? s.file.relative : `${s.pattern.value.join(', ')} (${count(s.files.length, 'file')})`;
  return `  ${files} -> source ${s.name}, holds ${s.holds.value}: ${roles.join(', ')}`;
}

function closing(problem: string | undefined, todos: boolean): string {
  if (problem) return `the draft is not yet a valid definition (${problem}): ${todos ? 'fill in the TODOs' : 'correct what it names'}`;
  return `the draft is a valid fleet definition: check every "guessed:" comment${todos ? ' and TODO' : ''} in it before you ingest`;
}

function summarize(plan: FleetDraft, dir: string, files: number, problem: string | undefined, todosInText: boolean): string[] {
  const alarms = plan.alarms ? ('codes' in plan.alarms.value ? count(plan.alarms.value.codes.length, 'alarm code') : 'open alarms') : 'no alarms';
  const todos = [...plan.todos, ...plan.sources.flatMap((s) => s.todos.map((t) => `${s.name}: ${t}`)), ...plan.skipped.filter((s) => s.todo).map((s) => `${s.file.relative}: ${s.why}`)];
  return [
    `${count(files, 'data file')} in ${dir}:`,
    ...plan.sources.map(describe),
    ...plan.skipped.map((s) => `  ${s.file.relative}: ${s.todo ? 'no source' : 'skipped'} (${s.why})`),
    `fleet: asset_id ${plan.idType.value}, ${count(plan.sensors.length, 'sensor')}, ${alarms}, ${count(plan.components?.value.length ?? 0, 'component')}, ${count(plan.attributes.length, 'attribute')}`,
    ...(todos.length ? ['to do:', ...todos.map((t) => `  - ${t}`)] : []),
    closing(problem, todosInText || todos.length > 0),
  ];
}

/** Drafts a definition from the data files in `dir`; `out` names the file in messages. */
export async function draftFleet(dir: string, out: string): Promise<Draft> {
  const files = findDataFiles(dir);
  const db = await DraftDatabase.open();
  try {
    const sources: SourceDraft[] = [];
    const skipped: SkippedFile[] = [];
    const candidates: Candidate[] = [];
    for (const file of files) {
      const candidate = await candidateOf(db, file);
      if ('key' in candidate) candidates.push(candidate);
      else skipped.push(candidate);
    }
    for (const group of groupFiles(candidates, (c) => c.file, (c) => c.key)) {
      for (const outcome of await draftGroup(db, group.map((c) => c.file), group[0]?.dialect, files)) {
        if ('holds' in outcome) sources.push(outcome);
        else skipped.push(outcome);
      }
    }
    if (sources.length === 0 && skipped.every((s) => !s.todo)) {
      throw new InputError(`${dir}: none of the data files is a table lakescore can read (${skipped.map((s) => `${s.file.relative}: ${s.why}`).join('; ')}); expected ${DATA_FILE_KINDS}`);
    }
    const plan = planFleet(sources, skipped);
    const { text, todos } = fleetYaml(plan, dir, files.length, SAMPLE_ROWS);
    let problem: string | undefined;
    try {
      parseFleet(text, out);
    } catch (err) {
      problem = firstLine(err);
    }
    return { text, summary: summarize(plan, dir, files.length, problem, todos), problem };
  } finally {
    db.close();
  }
}
