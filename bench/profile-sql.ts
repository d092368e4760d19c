import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LakeSession } from '../sql/duckdb.js';

/**
 * Preloaded (`node --import`) into a measured command when LAKESCORE_BENCH_PROFILE_FILE is set:
 * wraps the session's query methods, so that each .sql file (or inline statement), opening the
 * session (the views over every file the catalog names) and each commit (catalog, checksums of
 * the new files, views, views.sql) is timed, and writes the totals there at exit. Only measures:
 * every call goes on to the method it wraps.
 */
export interface ProfileEntry {
  what: string;
  seconds: number;
  calls: number;
}

const target = process.env.LAKESCORE_BENCH_PROFILE_FILE;
const totals = new Map<string, ProfileEntry>();

function record(what: string, started: number): void {
  const entry = totals.get(what) ?? { what, seconds: 0, calls: 0 };
  entry.seconds += (performance.now() - started) / 1000;
  entry.calls += 1;
  totals.set(what, entry);
}

const inline = (sql: unknown): string => `inline: ${String(sql).replace(/\s+/g, ' ').trim().slice(0, 60)}`;

const LABELS: Record<string, (args: unknown[]) => string> = {
  runFile: (args) => `${String(args[0])}/${String(args[1])}`,
  queryFile: (args) => `${String(args[0])}/${String(args[1])}`,
  run: (args) => inline(args[0]),
  query: (args) => inline(args[0]),
  commit: () => 'commit (catalog, checksums, views, views.sql)',
};

type Method = (this: LakeSession, ...args: unknown[]) => Promise<unknown>;

function wrap(owner: Record<string, Method>, name: string, label: (args: unknown[]) => string): void {
  const original = owner[name];
  if (!original) return;
  owner[name] = async function timed(this: LakeSession, ...args: unknown[]): Promise<unknown> {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      record(label(args), started);
    }
  };
}

if (target) {
  const prototype = LakeSession.prototype as unknown as Record<string, Method>;
  for (const [name, label] of Object.entries(LABELS)) wrap(prototype, name, label);
  wrap(LakeSession as unknown as Record<string, Method>, 'open', () => 'open session (catalog, views over every file)');
  process.on('exit', () => writeFileSync(target, JSON.stringify([...totals.values()])));
}
