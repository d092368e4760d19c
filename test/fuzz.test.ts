import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../bronze/ingest.js';
import { simulate } from '../bronze/simulate/simulate.js';
import { balances, buildSilver } from '../silver/build.js';
import { readCatalog } from '../sql/catalog.js';
import { LakeSession } from '../sql/duckdb.js';
import { InputError } from '../sql/errors.js';
import { type BaseFormat, mutate, Rng } from './fuzz/mutations.js';
import { BIN, FLEET, readLake, tempDir, withWriter } from './helpers.js';

/**
 * Ingest must survive any damage to a source file: each mutated file either loads with every row
 * accounted for, or is rejected (exit 2) in one line naming it, leaving bronze as it was; never
 * an unexpected error (exit 1). LAKESCORE_FUZZ_SEED replays a failing run; LAKESCORE_FUZZ_CASES
 * makes a longer one.
 */
const SEED = Number(process.env.LAKESCORE_FUZZ_SEED ?? 20250611);
const CASES = Number(process.env.LAKESCORE_FUZZ_CASES ?? 300);
/** Silver's conservation check and the row counts are checked every so many cases and at the end. */
const CHECK_EVERY = 100;
/**
 * Files ingested by one writer session, as `lakescore ingest DIR` does: a file must not leave a
 * session unfit for the next. Opening one costs about as much as ingesting a small file.
 */
const FILES_PER_SESSION = 10;
/** Cases also run through the real binary; each spawn costs a few hundred ms. */
const CLI_SAMPLE = 8;
/** Input echoed in a message is escaped (sql/errors.ts `excerpt`): a raw control character breaks a line or drives a terminal. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Room for a path, a line number and an excerpt of the input; far short of a megabyte value. */
const MAX_MESSAGE = 1000;

type Status = 'loaded' | 'skipped' | 'rejected' | 'error';
type Invariant = 'no unexpected error' | 'clean rejection' | 'capped message' | 'rows recorded' | 'conservation';

interface Base {
  /** The source the file belongs to: its name must keep matching the source's pattern. */
  table: string;
  label: string;
  format: BaseFormat;
  bytes: Buffer;
}

interface Case {
  index: number;
  path: string;
  /** What was done to which file: with the seed, enough to find the case again. */
  label: string;
  status: Status;
  message: string;
  table?: string;
  loadId?: number;
  rows?: number;
}

let dir: ReturnType<typeof tempDir>;
let lake: string;
const cases: Case[] = [];
const problems: { invariant: Invariant; text: string }[] = [];

function problem(invariant: Invariant, c: Pick<Case, 'index' | 'label' | 'path'>, what: string): void {
  problems.push({ invariant, text: `seed ${SEED} case ${c.index} (${c.label}) ${c.path}: ${what}` });
}

/** The data files of each bronze table in the lake's newest catalog: what a rejection must leave alone. */
function bronzeFiles(lakeDir: string): Record<string, string[]> {
  const tables = Object.entries(readCatalog(lakeDir).tables).filter(([name]) => name.startsWith('bronze_'));
  return Object.fromEntries(tables.map(([name, entry]) => [name, entry.files]));
}

/** The bronze tables whose files differ between two catalogs. */
function changedTables(before: Record<string, string[]>, after: Record<string, string[]>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => JSON.stringify(before[t] ?? []) !== JSON.stringify(after[t] ?? []));
}

/**
 * Valid files of every source: CSV with the simulator's own dirt, typed Parquet, and Parquet
 * variants a byte edit cannot make (columns dropped, reordered, renamed, of exotic types).
 */
async function validBases(root: string): Promise<Base[]> {
  const bases: Base[] = [];
  for (const [format, dirty] of [['csv', 0.03], ['parquet', 0]] as const) {
    const out = join(root, `base-${format}`);
    await simulate({ machines: 5, from: '2015-01-01', days: 20, seed: 3, format, dirty, out });
    for (const name of readdirSync(out).filter((n) => n.endsWith(`.${format}`)).sort()) {
      bases.push({ table: name.slice(0, name.indexOf('.')), label: name, format, bytes: readFileSync(join(out, name)) });
    }
  }
  const from = (table: string): string => `read_parquet('${join(root, 'base-parquet', `${table}.parquet`)}')`;
  const variants: Record<string, [string, string]> = {
    'machines-exotic': ['machines', `SELECT machineID + 0.5 AS machineID, {'m': model} AS model, age::HUGEINT AS age, '\\xFF\\x00'::BLOB AS extra FROM ${from('machines')}`],
    'errors-reordered': ['errors', `SELECT errorID, 'x' AS note, datetime::TIMESTAMPTZ AS datetime, machineID::VARCHAR AS machineID FROM ${from('errors')}`],
    'telemetry-dropped': ['telemetry', `SELECT * EXCLUDE (pressure) FROM ${from('telemetry')}`],
    'maint-dates': ['maint', `SELECT datetime::DATE AS DateTime, machineID AS MACHINEID, [comp] AS comp FROM ${from('maint')}`],
    'failures-empty': ['failures', `SELECT * FROM ${from('failures')} WHERE false`],
  };
  await withWriter(join(root, 'scratch'), async (s) => {
    for (const [label, [table, sql]] of Object.entries(variants)) {
      const path = join(root, `${label}.parquet`);
      await s.run(`COPY (${sql}) TO '${path}' (FORMAT parquet)`);
      bases.push({ table, label: `${label}.parquet`, format: 'parquet', bytes: readFileSync(path) });
    }
  });
  return bases;
}

/** Mostly text, since most mutations edit text; a name its source's pattern still matches. */
function makeCase(bases: readonly Base[], index: number, casesDir: string): { path: string; label: string } {
  const rng = Rng.forCase(SEED, index);
  const format: BaseFormat = rng.chance(0.75) ? 'csv' : 'parquet';
  const base = rng.pick(bases.filter((b) => b.format === format));
  const mutated = mutate(base.bytes, base.format, rng);
  const path = join(casesDir, `${base.table}-fuzz-${String(index).padStart(4, '0')}.${mutated.ext}`);
  writeFileSync(path, mutated.bytes);
  return { path, label: `${mutated.steps.join(' + ')} on ${base.label}` };
}

/** Ingests one file as `lakescore ingest` does, mapping the outcome to the exit code it would have. */
async function ingestOne(session: LakeSession, index: number, path: string, label: string): Promise<Case> {
  try {
    const { outcomes } = await ingest(session, FLEET, [path]);
    const [outcome] = outcomes;
    if (!outcome || outcomes.length !== 1) return { index, path, label, status: 'error', message: `${outcomes.length} outcomes for one file` };
    return { index, path, label, status: outcome.status, message: outcome.message, table: outcome.table, loadId: outcome.loadId, rows: outcome.rows };
  } catch (err) {
    // an InputError thrown past the outcomes still ends the command with exit 2; anything else is exit 1
    if (err instanceof InputError) return { index, path, label, status: 'rejected', message: err.message };
    return { index, path, label, status: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

function checkCase(c: Case, before: Record<string, string[]>): void {
  if (c.status === 'error') return problem('no unexpected error', c, `exit 1: ${c.message.split('\n')[0] ?? ''}`);
  if (CONTROL.test(c.message) || c.message.length > MAX_MESSAGE) {
    problem('capped message', c, `${c.status} message ${JSON.stringify(c.message.slice(0, 200))} (${c.message.length} characters)`);
  }
  const after = bronzeFiles(lake);
  const changed = changedTables(before, after);
  if (c.status === 'loaded') {
    const table = `bronze_${c.table ?? ''}`;
    const added = (after[table] ?? []).length - (before[table] ?? []).length;
    if (changed.join() !== table || added !== 1) problem('rows recorded', c, `a load changed ${changed.join(', ') || 'nothing'} by ${added} file(s), not ${table} by one`);
    return;
  }
  if (changed.length > 0) problem('clean rejection', c, `bronze changed after a ${c.status} file: ${changed.join(', ')}`);
  if (c.status === 'rejected' && /[\r\n]/.test(c.message)) problem('clean rejection', c, `message spans lines: ${JSON.stringify(c.message.slice(0, 200))}`);
  if (c.status === 'rejected' && !c.message.includes(basename(c.path))) problem('clean rejection', c, `message does not name the file: ${c.message.slice(0, 200)}`);
}

/** Every load of the run: its rows in bronze, the row count `loads` records, and the count ingest reported agree. */
async function checkLoadedRows(): Promise<void> {
  const tables = [...new Set(cases.flatMap((c) => (c.status === 'loaded' && c.table ? [c.table] : [])))];
  const stored = tables.map((t) => `SELECT _load_id AS load_id, count(*) AS n FROM bronze_${t} GROUP BY ALL`).join(' UNION ALL ');
  const rows = await readLake(lake, `SELECT l.load_id, l.row_count, coalesce(s.n, 0) AS stored FROM loads l LEFT JOIN (${stored || 'SELECT 0 AS load_id, 0 AS n'}) s USING (load_id)`);
  const byLoad = new Map(rows.map((r) => [Number(r.load_id), r]));
  for (const c of cases.filter((x) => x.status === 'loaded')) {
    const row = byLoad.get(c.loadId ?? -1);
    if (row?.row_count !== c.rows || row?.stored !== c.rows) problem('rows recorded', c, `${c.rows} rows reported, ${String(row?.row_count)} in loads, ${String(row?.stored)} in bronze`);
  }
}

/** bronze = silver + duplicates + quarantined for every source, and bronze holds what `loads` says was loaded. */
async function checkConservation(afterCase: number): Promise<void> {
  const at = { index: afterCase, label: 'build silver', path: lake };
  try {
    const report = await withWriter(lake, (s) => buildSilver(s, FLEET, { force: false }));
    const loaded = await readLake(lake, `SELECT table_name, sum(row_count) AS n FROM loads WHERE status = 'loaded' GROUP BY ALL`);
    const recorded = new Map(loaded.map((r) => [String(r.table_name), Number(r.n)]));
    for (const t of report.tables) {
      if (!balances(t)) problem('conservation', at, `${t.table} does not balance: ${JSON.stringify(t)}`);
      if (t.bronzeRows !== (recorded.get(t.table) ?? 0)) problem('conservation', at, `${t.table}: ${t.bronzeRows} bronze rows, loads says ${recorded.get(t.table) ?? 0}`);
    }
  } catch (err) {
    problem('conservation', at, `failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
}

/** Runs the cases in order, a writer session for every few files and a fresh one after an unexpected error. */
async function runCases(bases: readonly Base[], casesDir: string): Promise<void> {
  let session: LakeSession | undefined;
  try {
    for (let index = 0; index < CASES; index++) {
      session ??= await LakeSession.open(lake, { write: { command: 'fuzz', waitSeconds: 0 } });
      const { path, label } = makeCase(bases, index, casesDir);
      const before = bronzeFiles(lake);
      const c = await ingestOne(session, index, path, label);
      cases.push(c);
      checkCase(c, before);
      if (c.status === 'error' || (index + 1) % FILES_PER_SESSION === 0) {
        session.close();
        session = undefined;
      }
      if ((index + 1) % CHECK_EVERY === 0 || index === CASES - 1) {
        session?.close();
        session = undefined;
        await checkLoadedRows();
        await checkConservation(index);
      }
    }
  } finally {
    session?.close();
  }
}

/** The gist of a rejection, for the summary: messages name files and lines, which would not group. */
function reasonOf(message: string): string {
  const known: [string, RegExp][] = [
    ['empty file', /empty file/],
    ['gzip', /gzip/],
    ['unknown source', /unknown source/],
    ['missing column', /missing column/],
    ['repeated column', /appears twice/],
    ['not utf-8', /not utf-8/],
    ['field count', /Expected Number of Columns|fields, expected/],
    ['quotes', /quote/i],
    ['csv parser state', /state machine/],
    ['not parquet', /parquet|magic bytes|TProtocolException|Snappy/i],
    ['other csv error', /: line \d+: /],
  ];
  return known.find(([, pattern]) => pattern.test(message))?.[0] ?? 'other';
}

function summary(): string {
  const counts = new Map<string, number>();
  for (const c of cases) {
    const key = c.status === 'rejected' ? `rejected: ${reasonOf(c.message)}` : c.status;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k.padEnd(36)} ${n}`).join('\n');
}

beforeAll(async () => {
  dir = tempDir('lakescore-fuzz-');
  lake = join(dir.path, 'lake');
  const casesDir = join(dir.path, 'cases');
  mkdirSync(casesDir);
  await runCases(await validBases(dir.path), casesDir);
  process.stdout.write(`fuzz: seed ${SEED}, ${CASES} mutated files\n${summary()}\n`);
});

afterAll(() => {
  // a failing run keeps its files, which the failure messages name
  if (problems.length === 0) dir.remove();
  else process.stdout.write(`fuzz: seed ${SEED}: files kept in ${dir.path}\n`);
});

const broken = (invariant: Invariant): string[] => problems.filter((p) => p.invariant === invariant).map((p) => p.text);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function lakescore(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs one case through the binary into a lake of its own; returns what is wrong with the result. */
async function cliFailures(c: Case): Promise<string[]> {
  const cliLake = join(dir.path, `cli-lake-${c.index}`);
  const run = await lakescore(['--lake', cliLake, 'ingest', c.path]);
  const failures: string[] = [];
  const seen = `exit ${String(run.code)}, stdout ${JSON.stringify(run.stdout.slice(0, 300))}, stderr ${JSON.stringify(run.stderr.slice(0, 300))}`;
  const fail = (what: string): void => void failures.push(`seed ${SEED} case ${c.index} (${c.label}) ${c.path}: ${what}; ${seen}`);
  if (run.code !== 0 && run.code !== 2) fail('exit code neither 0 nor 2');
  if (/^\s+at /m.test(run.stderr) || /^\s+at /m.test(run.stdout)) fail('a stack trace');
  if ((run.code === 2) !== (c.status === 'rejected')) fail(`in process the file was ${c.status}`);
  if (run.stdout.split('\n').some((l) => l !== '' && !/^(loaded|skipped|rejected|ignored) |^\d+ file\(s\) loaded/.test(l))) fail('an outcome spans lines');
  if (run.code === 2) {
    const lines = run.stderr.trim().split('\n');
    if (lines.length !== 1 || !lines[0]?.includes(basename(c.path))) fail('the error is not one line naming the file');
    // the lake was new: a rejection leaves it without a bronze file
    if (changedTables({}, bronzeFiles(cliLake)).length > 0) fail('bronze changed');
  }
  return failures;
}

describe(`ingest of randomly damaged files (seed ${SEED})`, () => {
  it('exercises both outcomes', () => {
    expect(cases).toHaveLength(CASES);
    expect(cases.filter((c) => c.status === 'loaded').length).toBeGreaterThan(CASES / 10);
    expect(cases.filter((c) => c.status === 'rejected').length).toBeGreaterThan(CASES / 10);
  });

  it('never fails with an unexpected error (exit 1)', () => {
    expect(broken('no unexpected error')).toEqual([]);
  });

  it('rejects in one line naming the file, and leaves bronze unchanged', () => {
    expect(broken('clean rejection')).toEqual([]);
  });

  it('escapes and caps the input it echoes in any outcome message', () => {
    expect(broken('capped message')).toEqual([]);
  });

  it('stores exactly the rows each load reports', () => {
    expect(broken('rows recorded')).toEqual([]);
  });

  it('accounts for every bronze row in silver, duplicates or quarantine', () => {
    expect(broken('conservation')).toEqual([]);
  });

  it('behaves the same through the real binary: exit 0 or 2, one line, no stack trace', async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
    // half rejections, half not, spread over the run
    const spread = (list: Case[], n: number): Case[] => Array.from({ length: Math.min(n, list.length) }, (_, i) => list[Math.floor((i * list.length) / n)] as Case);
    const sample = [
      ...spread(cases.filter((c) => c.status === 'rejected'), CLI_SAMPLE / 2),
      ...spread(cases.filter((c) => c.status !== 'rejected'), CLI_SAMPLE / 2),
    ];
    const failures: string[] = [];
    // two at a time, one per core; each case has a lake of its own, so they never wait for a lock
    for (let i = 0; i < sample.length; i += 2) {
      for (const found of await Promise.all(sample.slice(i, i + 2).map(cliFailures))) failures.push(...found);
    }
    expect(failures).toEqual([]);
  });
});
