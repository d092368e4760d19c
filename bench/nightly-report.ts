import type { Measurement } from './harness.js';
import { printTable } from './harness.js';
import type { TableWrites } from './lake-writes.js';
import type { ProfileEntry } from './profile-sql.js';

/** What bench/nightly.ts measured for one fleet, and how it prints it. */
export interface NightResult {
  night: number;
  day: string;
  seconds: number;
  peakRssMb: number;
  status: number;
  /** Seconds of each step the night logged (ingest, silver, gold, score). */
  steps: Record<string, number>;
  scoreStatus: string;
  writes: TableWrites[];
  profile: ProfileEntry[];
}

export interface BulkResult {
  runs: number;
  ingestSeconds: number;
  buildSeconds: number;
  seconds: number;
  peakRssMb: number;
  all: number[];
  lakeBytes: number;
}

export interface FleetReport {
  title: string;
  nights: NightResult[];
  /** train, then models promote, after the training night. */
  training: Measurement[];
  idleNight: NightResult;
  nightlyLakeBytes: number;
  vacuumedLakeBytes: number;
  bulk: BulkResult;
  startupSeconds: number;
}

const STEPS = ['ingest', 'silver', 'gold', 'score'] as const;
const PROFILE_ROWS = 14;
const s = (seconds: number | undefined): string => (seconds === undefined ? '-' : seconds.toFixed(2));
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
const bytes = (n: number): string => n.toLocaleString('en-US');
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const stepSum = (n: NightResult): number => sum(STEPS.map((step) => n.steps[step] ?? 0));
const dataSteps = (n: NightResult): number => sum(['ingest', 'silver', 'gold'].map((step) => n.steps[step] ?? 0));
const writtenBytes = (n: NightResult): number => sum(n.writes.map((w) => w.bytes));

function nightRow(n: NightResult): string[] {
  // before a model exists the night skips scoring (or, in older builds, stops there with exit 2)
  const score = n.scoreStatus === 'ok' ? s(n.steps.score) : n.status === 2 ? 'no model' : n.scoreStatus;
  return [
    String(n.night), n.day, s(n.seconds), n.peakRssMb.toFixed(0),
    s(n.steps.ingest), s(n.steps.silver), s(n.steps.gold), score,
    s(n.seconds - stepSum(n)), mb(writtenBytes(n)), String(n.status),
  ];
}

function printCurve(report: FleetReport): void {
  printTable(
    `${report.title}\nper night: lakescore run --inbox, fresh process each, one pass (steps from LAKE/_logs/lakescore.jsonl)`,
    ['night', 'day', 'seconds', 'peak MB', 'ingest', 'silver', 'gold', 'score', 'other', 'written MB', 'exit'],
    [...report.nights.map(nightRow), ['idle', 'nothing new', ...nightRow(report.idleNight).slice(2)]],
  );
  process.stdout.write('other = the night minus its logged steps: process start-up, opening the lake (a view per table over every file), the summary\n');
}

/** The night at day 10 against the last; nights before a model differ from those after in their score step. */
function printGrowth(report: FleetReport): void {
  const { nights } = report;
  const early = nights[Math.min(10, nights.length) - 1];
  const late = nights.at(-1);
  if (!early || !late) return;
  const worst = nights.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  process.stdout.write(
    `\nnight ${late.night} / night ${early.night}: ${(late.seconds / early.seconds).toFixed(2)}x time (${s(late.seconds)} s vs ${s(early.seconds)} s), ` +
      `${(late.peakRssMb / early.peakRssMb).toFixed(2)}x peak RSS (${late.peakRssMb.toFixed(0)} MB vs ${early.peakRssMb.toFixed(0)} MB); ` +
      `without scoring (ingest + silver + gold): ${(dataSteps(late) / dataSteps(early)).toFixed(2)}x\n` +
      `slowest night: ${worst.night} (${worst.day}), ${s(worst.seconds)} s\n`,
  );
}

function printTotals(report: FleetReport): void {
  const { nights, bulk, training } = report;
  const all = sum(nights.map((n) => n.seconds));
  const data = sum(nights.map(dataSteps));
  const [train, promote] = training;
  process.stdout.write(
    `all ${nights.length} nights: ${all.toFixed(1)} s = ${(all / bulk.seconds).toFixed(2)}x the bulk load and build; ` +
      `their ingest + silver + gold steps alone ${data.toFixed(1)} s = ${(data / bulk.seconds).toFixed(2)}x\n` +
      `bulk (median of ${bulk.runs}): ingest ${s(bulk.ingestSeconds)} s + build all ${s(bulk.buildSeconds)} s = ${s(bulk.seconds)} s, ` +
      `peak ${bulk.peakRssMb.toFixed(0)} MB (runs: ${bulk.all.map((x) => x.toFixed(1)).join(' / ')} s)\n` +
      `lake on disk: nightly ${bytes(report.nightlyLakeBytes)} bytes (${bytes(report.vacuumedLakeBytes)} after vacuum --older-than 0), bulk ${bytes(bulk.lakeBytes)} bytes\n` +
      (train && promote ? `train ${s(train.seconds)} s, ${train.peakRssMb.toFixed(0)} MB; promote ${s(promote.seconds)} s (not in the nights' sum)\n` : '') +
      `fixed costs: a process that only prints --help ${s(report.startupSeconds)} s; a night with nothing new ${s(report.idleNight.seconds)} s ` +
      `(ingest step, checking the inbox's files: ${s(report.idleNight.steps.ingest)} s)\n`,
  );
}

/** The profiled query time of the night at day 10 and of the last night, largest last-night items first. */
function printProfile(report: FleetReport): void {
  const early = report.nights[Math.min(10, report.nights.length) - 1];
  const late = report.nights.at(-1);
  if (!early || !late || late.profile.length === 0) return;
  const at = (n: NightResult, what: string): ProfileEntry | undefined => n.profile.find((p) => p.what === what);
  const rows = late.profile.slice(0, PROFILE_ROWS).map((p) => [p.what, s(at(early, p.what)?.seconds), s(p.seconds), String(p.calls)]);
  printTable(`where the night's time goes (bench/profile-sql.ts): seconds per .sql file or call`, ['what', `night ${early.night}`, `night ${late.night}`, 'calls'], rows);
}

function printWrites(report: FleetReport): void {
  const early = report.nights[Math.min(10, report.nights.length) - 1];
  const late = report.nights.at(-1);
  if (!early || !late) return;
  const at = (n: NightResult, table: string): TableWrites | undefined => n.writes.find((w) => w.table === table);
  const rows = late.writes.map((w) => [w.table, at(early, w.table)?.files ?? 0, mb(at(early, w.table)?.bytes ?? 0), w.files, mb(w.bytes)]);
  printTable('what a night writes (new files its commits publish, from the catalogs)', ['table', `files ${early.night}`, `MB ${early.night}`, `files ${late.night}`, `MB ${late.night}`], rows);
}

export function printFleetReport(report: FleetReport): void {
  printCurve(report);
  printGrowth(report);
  printTotals(report);
  printProfile(report);
  printWrites(report);
}
