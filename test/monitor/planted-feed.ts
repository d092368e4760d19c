import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseChange, type Change } from '../../bronze/simulate/change-spec.js';
import { SOURCE_TABLES } from '../../bronze/simulate/shape.js';
import { simulate } from '../../bronze/simulate/simulate.js';
import { dayOf } from '../../bench/harness.js';
import { BIN, type CliOutcome } from '../helpers.js';

/**
 * A simulated fleet with changes planted (docs/simulator.md#--change-spec-planted-changes),
 * delivered into an inbox a range of days at a time, as a nightly feed would bring it; and the
 * nightly job run over it. Shared by the planted-change tests (issue 19).
 */

export const FROM = '2015-01-01';

/** The date of day `index` of the simulated period (day 0 is FROM). */
export const day = (index: number): string => dayOf(FROM, index);

function change(spec: string): Change {
  const parsed = parseChange(spec);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.change;
}

export interface PlantedFeed {
  /** Writes one file per table into `inbox` with the rows of days [from, to); the first drop (from 0) brings the maintenance history before day 0 and the machines. */
  deliver: (inbox: string, from: number, to: number) => void;
}

export async function plantedFeed(out: string, fleet: { machines: number; days: number; seed: number }, changes: readonly string[]): Promise<PlantedFeed> {
  await simulate({ ...fleet, from: FROM, format: 'csv', dirty: 0, out, changes: changes.map(change) });
  const tables = new Map(SOURCE_TABLES.map((table) => [table, readFileSync(join(out, `${table}.csv`), 'utf8').trimEnd().split('\n')]));
  const deliver = (inbox: string, from: number, to: number): void => {
    mkdirSync(inbox, { recursive: true });
    const [first, end] = [from === 0 ? '' : day(from), day(to)];
    for (const [table, [header, ...rows]] of tables) {
      const kept = table === 'machines' ? (from === 0 ? rows : []) : rows.filter((row) => row.slice(0, 10) >= first && row.slice(0, 10) < end);
      if (kept.length) writeFileSync(join(inbox, `${table}-${day(from)}-${day(to)}.csv`), [header, ...kept].join('\n') + '\n');
    }
  };
  return { deliver };
}

/** The lakescore binary on a lake, awaited without blocking the test process: lakes of several seeds are built at once. */
export function lakescoreOn(lake: string, extra: readonly string[] = []): (args: readonly string[]) => Promise<CliOutcome> {
  return (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, '--lake', lake, ...extra, ...args]);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    });
}

/** Runs `args`, failing the test with its stderr unless it exits 0. */
export async function succeeded(run: Promise<CliOutcome>, what: string): Promise<CliOutcome> {
  const outcome = await run;
  if (outcome.code !== 0) throw new Error(`${what} exited ${outcome.code}: ${outcome.stderr}`);
  return outcome;
}

/** What a nightly `run` said: its exit code and the `drifted` names of its score step's JSON log line (none when it did not score). */
export interface Night {
  code: number | null;
  stderr: string;
  drifted: string[];
}

const logOf = (lake: string): string => join(lake, '_logs', 'lakescore.jsonl');

const scoreLines = (lake: string): { drifted?: string[] }[] =>
  (existsSync(logOf(lake)) ? readFileSync(logOf(lake), 'utf8') : '')
    .trim()
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { command?: string; step?: string; drifted?: string[] })
    .filter((line) => line.command === 'run' && line.step === 'score');

/** One night of `lakescore run --inbox INBOX --fail-on-drift`, and what it logged about drift. */
export async function night(lakescore: (args: readonly string[]) => Promise<CliOutcome>, lake: string, inbox: string): Promise<Night> {
  const before = scoreLines(lake).length;
  const { code, stderr } = await lakescore(['run', '--inbox', inbox, '--fail-on-drift']);
  const line = scoreLines(lake).slice(before).pop();
  return { code, stderr, drifted: line?.drifted ?? [] };
}

/** A copy of a lake (closed, written by another process) to take another branch of the same history. */
export const copyLake = (from: string, to: string): void => cpSync(from, to, { recursive: true });

export interface NightlyLake {
  lake: string;
  lakescore: (args: readonly string[]) => Promise<CliOutcome>;
  /** Delivers days [from, to) one per night, each followed by the nightly run; what each night said. */
  nights: (from: number, to: number) => Promise<Night[]>;
}

/**
 * A lake fed days [0, firstNight) in one drop, with a champion trained on [0, trainTo), tested
 * on [trainTo, firstNight), promoted to pdm@production and scored over its test range: the
 * nights that follow score only their own new rows with it.
 */
export async function nightlyLake(root: string, feed: PlantedFeed, plan: { firstNight: number; trainTo: number; fleetArgs?: string[] }): Promise<NightlyLake> {
  const lake = join(root, 'lake');
  const inbox = join(root, 'inbox');
  const lakescore = lakescoreOn(lake, plan.fleetArgs);
  feed.deliver(inbox, 0, plan.firstNight);
  await succeeded(lakescore(['run', '--inbox', inbox]), 'the first run');
  await succeeded(lakescore(['train', '--from', FROM, '--to', day(plan.trainTo), '--test-to', day(plan.firstNight), '--trees', '10', '--seed', '2']), 'train');
  await succeeded(lakescore(['models', 'promote', 'pdm@1', '--alias', 'production']), 'promote');
  await succeeded(lakescore(['score', '--from', day(plan.trainTo), '--to', day(plan.firstNight)]), 'score');
  const nights = async (from: number, to: number): Promise<Night[]> => {
    const said: Night[] = [];
    for (let d = from; d < to; d++) {
      feed.deliver(inbox, d, d + 1);
      said.push(await night(lakescore, lake, inbox));
    }
    return said;
  };
  return { lake, lakescore, nights };
}
