import { InputError } from '../../sql/errors.js';
import { guessAsset, guessRoles, type Guess } from './columns.js';
import { detectDialect, type Dialect } from './dialect.js';
import { DATA_FILE_KINDS, findDataFiles, readHead, type DataFile } from './files.js';
import { planFleet, type FleetDraft, type SkippedFile } from './plan.js';
import { DraftDatabase, SAMPLE_ROWS, type FileProfile } from './profile.js';
import { draftSource, type SourceDraft } from './sources.js';
import { fleetYaml } from './yaml.js';
import { parseFleet } from '../load.js';

/**
 * `lakescore init --from-data DIR`: a fleet definition drafted from the data files in a
 * directory, for the user to check and edit. Each file is sampled, its dialect and the role of
 * each column guessed; the guesses are settled into one definition and written as commented YAML.
 */

export interface Draft {
  text: string;
  /** What was guessed, file by file, and what the user must still do: for the terminal. */
  summary: string[];
  /** Why the draft is not yet a valid definition, or undefined when parseFleet accepts it. */
  problem: string | undefined;
}

/**
 * Files with the same name (in different folders) match one pattern, so they make one source,
 * drafted from the largest of them: it has the most to show.
 */
function groupByName(files: readonly DataFile[]): DataFile[][] {
  const groups = new Map<string, DataFile[]>();
  for (const file of files) {
    const key = file.name.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), file]);
  }
  return [...groups.values()].map((group) => [...group].sort((a, b) => b.bytes - a.bytes));
}

const count = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

const firstLine = (err: unknown): string => ((err as Error).message ?? String(err)).split('\n')[0] ?? '';

const shape = (profile: FileProfile): string => `${count(profile.columns.length, 'column')}, ${count(profile.rows, 'row')} sampled`;

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

async function draftFile(db: DraftDatabase, file: DataFile, also: DataFile[]): Promise<SourceDraft | SkippedFile> {
  const dialect = file.kind === 'text' ? await dialectOf(file) : undefined;
  if (dialect && 'file' in dialect) return dialect;
  let profile: FileProfile;
  try {
    profile = await db.profile(file, dialect?.value);
  } catch (err) {
    return { file, why: `DuckDB cannot read it: ${firstLine(err)}`, todo: false };
  }
  if (profile.rows === 0) return { file, why: 'no rows', todo: false };
  const asset = guessAsset(profile);
  if (asset) await db.measurePerAsset(profile, asset.value);
  const source = draftSource({ file, also, dialect, roles: guessRoles(profile, asset) });
  return typeof source === 'string' ? { file, why: `${shape(profile)}; ${source}`, todo: true } : source;
}

function describe(s: SourceDraft): string {
  const roles = [`asset ${s.asset.value.name}${s.prefix ? ` (prefixed ${s.prefix.value})` : ''}`];
  if (s.time) roles.push(`time ${s.time.value.column.name}${s.time.value.kind === 'counter' ? ' (a counter)' : ''}`);
  if (s.sensors.length) roles.push(count(s.sensors.length, 'sensor'));
  if (s.attributes.length) roles.push(`attributes ${s.attributes.map((a) => a.name).join(', ')}`);
  if (s.code) roles.push(`code ${s.code.name}`);
  if (s.component) roles.push(`component ${s.component.name}`);
  if (s.failureFlag) roles.push(`failure flag ${s.failureFlag.name}`);
  return `  ${s.file.relative} -> source ${s.name}, holds ${s.holds.value}: ${roles.join(', ')}`;
}

function summarize(plan: FleetDraft, dir: string, files: number, problem: string | undefined): string[] {
  const alarms = plan.alarms ? ('codes' in plan.alarms.value ? count(plan.alarms.value.codes.length, 'alarm code') : 'open alarms') : 'no alarms';
  const todos = [...plan.todos, ...plan.sources.flatMap((s) => s.todos.map((t) => `${s.name}: ${t}`)), ...plan.skipped.filter((s) => s.todo).map((s) => `${s.file.relative}: ${s.why}`)];
  return [
    `${count(files, 'data file')} in ${dir}:`,
    ...plan.sources.map(describe),
    ...plan.skipped.map((s) => `  ${s.file.relative}: ${s.todo ? 'no source' : 'skipped'} (${s.why})`),
    `fleet: asset_id ${plan.idType.value}, ${count(plan.sensors.length, 'sensor')}, ${alarms}, ${count(plan.components?.value.length ?? 0, 'component')}, ${count(plan.attributes.length, 'attribute')}`,
    ...(todos.length ? ['to do:', ...todos.map((t) => `  - ${t}`)] : []),
    problem
      ? `the draft is not yet a valid definition (${problem}): fill in the TODOs`
      : 'the draft is a valid fleet definition: check every "guessed:" comment in it before you ingest',
  ];
}

/** Drafts a definition from the data files in `dir`; `out` names the file in messages. */
export async function draftFleet(dir: string, out: string): Promise<Draft> {
  const files = findDataFiles(dir);
  const db = await DraftDatabase.open();
  try {
    const sources: SourceDraft[] = [];
    const skipped: SkippedFile[] = [];
    for (const [file, ...also] of groupByName(files)) {
      const outcome = await draftFile(db, file as DataFile, also);
      if ('holds' in outcome) sources.push(outcome);
      else skipped.push(outcome);
    }
    if (sources.length === 0 && skipped.every((s) => !s.todo)) {
      throw new InputError(`${dir}: none of the data files is a table lakescore can read (${skipped.map((s) => `${s.file.relative}: ${s.why}`).join('; ')}); expected ${DATA_FILE_KINDS}`);
    }
    const plan = planFleet(sources, skipped);
    const text = fleetYaml(plan, dir, files.length, SAMPLE_ROWS);
    let problem: string | undefined;
    try {
      parseFleet(text, out);
    } catch (err) {
      problem = firstLine(err);
    }
    return { text, summary: summarize(plan, dir, files.length, problem), problem };
  } finally {
    db.close();
  }
}
