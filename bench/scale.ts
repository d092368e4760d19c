import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCE_TABLES, type SourceTable } from '../bronze/simulate/shape.js';
import { tableFileName } from '../bronze/simulate/sinks.js';
import { benchRoot, CLI, lakeBytes, measure, nightlyParts, printTable, type Measurement, type NightlyPart } from './harness.js';

/**
 * The whole pipeline at fleet scale (opt-in, not in CI): for each fleet size, 365 days of 2015
 * simulated, the last day held back as the nightly inbox, then every step through the real CLI in
 * a fresh process: time, peak RSS and seconds per million input rows, and how they grow from the
 * smallest fleet to the largest. One run per step: the 10,000-machine case takes too long for
 * medians. Measures; asserts nothing.
 */
const SIZES = (process.env.LAKESCORE_BENCH_MACHINES ?? '1000,10000').split(',').map((s) => Number(s.trim()));
const KEEP = process.env.LAKESCORE_BENCH_KEEP === '1';
const FROM = '2015-01-01';
const DAYS = 365;
const NIGHT = '2015-12-31';
const SEED = 42;
const TRAIN = { from: '2015-01-01', to: '2015-10-01', testTo: '2015-12-01' };
const SCORE = { from: '2015-12-01', to: '2015-12-31' };

type InputKind = 'source' | 'gold' | 'none';

interface StepResult {
  step: string;
  seconds: number;
  peakRssMb: number;
  inputRows: number | undefined;
  inputKind: InputKind;
}

interface RowCounts {
  main: number;
  night: number;
}

interface SizeReport {
  machines: number;
  steps: StepResult[];
  rows: RowCounts;
  holdBackSeconds: number;
  lakeBytesBeforeVacuum: number;
  lakeBytesAfterVacuum: number;
  nightly: NightlyPart[];
  /** The unmeasured night before, which judged December's matured predictions. */
  catchUpSeconds: number | undefined;
  nightlyScoredRows: number | undefined;
  error: string | undefined;
}

for (const machines of SIZES) {
  if (!Number.isInteger(machines) || machines < 1) throw new Error(`LAKESCORE_BENCH_MACHINES: not a fleet size: ${machines}`);
}

const count = (n: number): string => n.toLocaleString('en-US');
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

function stepResult(step: string, m: Measurement, inputRows: number | undefined, inputKind: InputKind): StepResult {
  return { step, seconds: m.seconds, peakRssMb: m.peakRssMb, inputRows, inputKind };
}

/** Moves the lines of one day to `heldPath`; the rest stays in `path`. Both keep the header. */
async function holdBackDay(path: string, heldPath: string, day: string): Promise<RowCounts> {
  const keptPath = `${path}.kept`;
  const kept = openSync(keptPath, 'w');
  const held = openSync(heldPath, 'w');
  const counts = { main: 0, night: 0 };
  let carry = '';
  let header: string | undefined;
  // latin1 round-trips every byte, and the simulator writes plain ASCII anyway
  for await (const chunk of createReadStream(path, { encoding: 'latin1', highWaterMark: 1 << 22 })) {
    let text = carry + (chunk as string);
    const lastNewline = text.lastIndexOf('\n');
    carry = text.slice(lastNewline + 1);
    text = text.slice(0, lastNewline + 1);
    if (header === undefined) {
      const end = text.indexOf('\n') + 1;
      if (end === 0) {
        carry = text + carry;
        continue;
      }
      header = text.slice(0, end);
      writeSync(kept, header);
      writeSync(held, header);
      text = text.slice(end);
    }
    splitBlock(text, day, kept, held, counts);
  }
  // a file without a final newline still has its last row
  if (carry) splitBlock(`${carry}\n`, day, kept, held, counts);
  closeSync(kept);
  closeSync(held);
  renameSync(keptPath, path);
  return counts;
}

/**
 * Whole lines of one block to their file: a held line starts with the day (the simulator writes
 * the datetime first, in the plain form, when it is clean). Searching for the day is far cheaper
 * than visiting every line, which matters for the 87.6 M telemetry rows of the largest fleet.
 */
function splitBlock(text: string, day: string, kept: number, held: number, counts: RowCounts): void {
  const lines = (s: string): number => s.split('\n').length - 1;
  let pos = 0;
  while (pos < text.length) {
    const hit = nextLineStarting(text, day, pos);
    const keptText = text.slice(pos, hit < 0 ? text.length : hit);
    if (keptText) {
      writeSync(kept, keptText);
      counts.main += lines(keptText);
    }
    if (hit < 0) return;
    // consecutive held lines (a machine's 24 hours) go out as one write
    let end = text.indexOf('\n', hit) + 1;
    while (text.startsWith(day, end)) end = text.indexOf('\n', end) + 1;
    const heldText = text.slice(hit, end);
    writeSync(held, heldText);
    counts.night += lines(heldText);
    pos = end;
  }
}

function nextLineStarting(text: string, prefix: string, from: number): number {
  if (text.startsWith(prefix, from)) return from;
  const at = text.indexOf(`\n${prefix}`, from);
  return at < 0 ? -1 : at + 1;
}

/** The source files of every table with a datetime lose their last day to the inbox. */
async function holdBackNight(sourceDir: string, inboxDir: string): Promise<RowCounts> {
  mkdirSync(inboxDir, { recursive: true });
  const total = { main: 0, night: 0 };
  for (const table of SOURCE_TABLES) {
    const path = join(sourceDir, tableFileName(table, 'csv'));
    const counts = hasDatetime(table) ? await holdBackDay(path, join(inboxDir, `${table}-${NIGHT}.csv`), NIGHT) : { main: dataLines(path), night: 0 };
    total.main += counts.main;
    total.night += counts.night;
    // a day with no failures would leave a header-only file: not a load worth timing
    if (counts.night === 0) rmSync(join(inboxDir, `${table}-${NIGHT}.csv`), { force: true });
  }
  return total;
}

const hasDatetime = (table: SourceTable): boolean => table !== 'machines';

function dataLines(path: string): number {
  return readFileSync(path, 'latin1').split('\n').filter((line) => line.length > 0).length - 1;
}

/** One number from a read-only query; not measured. */
function queryNumber(lake: string, sql: string): number {
  const result = spawnSync(process.execPath, [CLI, '--lake', lake, 'sql', sql, '--format', 'json'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`sql ${sql} failed (${result.status}): ${result.stderr}`);
  const [row] = JSON.parse(result.stdout) as Record<string, unknown>[];
  return Number(Object.values(row ?? {})[0]);
}

const goldRows = (lake: string, from: string, to: string): number =>
  queryNumber(lake, `SELECT count(*) AS n FROM gold_features WHERE ts >= TIMESTAMP '${from}' AND ts < TIMESTAMP '${to}'`);

async function runSize(machines: number): Promise<SizeReport> {
  const dir = join(benchRoot(), `scale-${machines}`);
  const source = join(dir, 'source');
  const inbox = join(dir, 'inbox');
  const lake = join(dir, 'lake');
  rmSync(dir, { recursive: true, force: true });
  const report: SizeReport = {
    machines, steps: [], rows: { main: 0, night: 0 }, holdBackSeconds: 0,
    lakeBytesBeforeVacuum: 0, lakeBytesAfterVacuum: 0, nightly: [], catchUpSeconds: undefined, nightlyScoredRows: undefined, error: undefined,
  };
  const cli = (...args: string[]): Measurement => measure([CLI, '--lake', lake, ...args]);
  try {
    const simulated = measure([CLI, 'simulate', '--machines', String(machines), '--from', FROM, '--days', String(DAYS), '--seed', String(SEED), '--out', source]);
    const started = process.hrtime.bigint();
    report.rows = await holdBackNight(source, inbox);
    report.holdBackSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { main, night } = report.rows;
    report.steps.push(stepResult('simulate (365 days)', simulated, main + night, 'source'));
    report.steps.push(stepResult('ingest', cli('ingest', source), main, 'source'));
    report.steps.push(stepResult('build all', cli('build', 'all'), main, 'source'));
    const trainRows = goldRows(lake, TRAIN.from, TRAIN.testTo);
    report.steps.push(stepResult(`train (${TRAIN.from}..${TRAIN.testTo}, 100 trees)`, cli('train', '--from', TRAIN.from, '--to', TRAIN.to, '--test-to', TRAIN.testTo, '--trees', '100'), trainRows, 'gold'));
    report.steps.push(stepResult('models promote', cli('models', 'promote', 'pdm@1', '--alias', 'production'), undefined, 'none'));
    const scoreRows = goldRows(lake, SCORE.from, SCORE.to);
    report.steps.push(stepResult(`score (${SCORE.from}..${SCORE.to})`, cli('score', '--from', SCORE.from, '--to', SCORE.to, '--model', 'pdm@production'), scoreRows, 'gold'));
    // not measured: the watermark reaches the last scored row, and a night with nothing new
    // judges every prediction of December that matured, as after any earlier night
    cli('score', '--incremental', '--model', 'pdm@production');
    const caughtUp = Date.now();
    const emptyInbox = join(dir, 'empty-inbox');
    mkdirSync(emptyInbox);
    cli('run', '--inbox', emptyInbox);
    report.catchUpSeconds = (Date.now() - caughtUp) / 1000;
    const logged = nightlyParts(lake).length;
    report.steps.push(stepResult(`nightly run (${NIGHT})`, cli('run', '--inbox', inbox), night, 'source'));
    report.nightly = nightlyParts(lake).slice(logged);
    report.nightlyScoredRows = queryNumber(lake, "SELECT row_count FROM score_runs WHERE mode = 'incremental' ORDER BY run_id DESC LIMIT 1");
    report.steps.push(stepResult('full rebuild (build all --force)', cli('build', 'all', '--force'), main + night, 'source'));
    report.lakeBytesBeforeVacuum = lakeBytes(lake);
    report.steps.push(stepResult('vacuum --older-than 0', cli('vacuum', '--older-than', '0'), undefined, 'none'));
    report.lakeBytesAfterVacuum = lakeBytes(lake);
  } catch (err) {
    report.error = (err as Error).message;
  } finally {
    // the largest fleet needs ~20 GB: one size's files at a time
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

const secondsPerMillion = (s: StepResult): number | undefined => (s.inputRows ? (s.seconds / s.inputRows) * 1e6 : undefined);

function printSize(report: SizeReport): void {
  const rows = report.steps.map((s) => [
    s.step,
    s.seconds.toFixed(2),
    s.peakRssMb.toFixed(0),
    s.inputRows === undefined ? '-' : count(s.inputRows),
    s.inputKind === 'none' ? '-' : s.inputKind,
    secondsPerMillion(s)?.toFixed(3) ?? '-',
  ]);
  printTable(
    `${count(report.machines)} machines x ${DAYS} days (one run per step, fresh process each)`,
    ['step', 'seconds', 'peak MB', 'input rows', 'rows of', 's / M rows'],
    rows,
  );
  const { main, night } = report.rows;
  process.stdout.write(
    `source rows: ${count(main)} in the main set, ${count(night)} held back for the night of ${NIGHT} (split in ${report.holdBackSeconds.toFixed(1)} s, not a CLI step)\n` +
      'input rows: source = rows of all five source tables the step reads; gold = gold rows in the step\'s range (train: train + test)\n',
  );
  if (report.lakeBytesBeforeVacuum) {
    process.stdout.write(`lake on disk: ${mb(report.lakeBytesBeforeVacuum)} MB before vacuum, ${mb(report.lakeBytesAfterVacuum)} MB after\n`);
  }
  printNightly(report);
  if (report.error) process.stdout.write(`\nFAILED after the steps above: ${report.error}\n`);
}

function printNightly(report: SizeReport): void {
  const nightly = report.steps.find((s) => s.step.startsWith('nightly run'));
  const full = report.steps.find((s) => s.step.startsWith('full rebuild'));
  if (report.nightly.length) {
    printTable('nightly run, its own steps (LAKE/_logs/lakescore.jsonl)', ['step', 'seconds', 'rows'], report.nightly.map((p) => [p.step, p.seconds.toFixed(2), p.rows === undefined ? '-' : count(p.rows)]));
  }
  if (report.nightlyScoredRows !== undefined) {
    process.stdout.write(`nightly run scored ${count(report.nightlyScoredRows)} gold rows (after an unmeasured incremental score up to the night before)\n`);
  }
  if (report.catchUpSeconds !== undefined) {
    process.stdout.write(`the unmeasured night before it, with an empty inbox, judged December's matured predictions in ${report.catchUpSeconds.toFixed(2)} s\n`);
  }
  const monitoring = report.nightly.filter((p) => p.step === 'monitor' || p.step.endsWith('of it, drift')).reduce((n, p) => n + p.seconds, 0);
  if (nightly && monitoring > 0) {
    process.stdout.write(`monitoring (drift in scoring, and the monitor step): ${monitoring.toFixed(2)} s, ${((monitoring / nightly.seconds) * 100).toFixed(1)}% of the night\n`);
  }
  if (nightly && full) {
    process.stdout.write(
      `nightly run / full rebuild: ${(nightly.seconds / full.seconds).toFixed(2)}x time ` +
        `(${nightly.seconds.toFixed(2)} s vs ${full.seconds.toFixed(2)} s); peak RSS ${nightly.peakRssMb.toFixed(0)} MB vs ${full.peakRssMb.toFixed(0)} MB\n`,
    );
  }
}

/** Each step of the largest fleet against the smallest: 1.00 seconds per row is linear. */
function printGrowth(small: SizeReport, large: SizeReport): void {
  const rows = small.steps.flatMap((s) => {
    const l = large.steps.find((x) => x.step === s.step);
    if (!l) return [];
    const perRowSmall = secondsPerMillion(s);
    const perRowLarge = secondsPerMillion(l);
    return [[
      s.step,
      (l.seconds / s.seconds).toFixed(2),
      perRowSmall && perRowLarge ? (perRowLarge / perRowSmall).toFixed(2) : '-',
      (l.peakRssMb / s.peakRssMb).toFixed(2),
    ]];
  });
  printTable(
    `growth from ${count(small.machines)} to ${count(large.machines)} machines (${(large.machines / small.machines).toFixed(1)}x the fleet; 1.00 s/row = linear)`,
    ['step', 'seconds x', 's/row x', 'peak MB x'],
    rows,
  );
}

const wallStarted = Date.now();
const reports: SizeReport[] = [];
for (const machines of SIZES) {
  const report = await runSize(machines);
  reports.push(report);
  printSize(report);
}
const completed = reports.filter((r) => r.steps.length > 0);
const first = completed[0];
const last = completed[completed.length - 1];
if (first && last && first !== last) printGrowth(first, last);
process.stdout.write(`\nbench:scale took ${((Date.now() - wallStarted) / 60000).toFixed(1)} min\n`);
if (reports.some((r) => r.error)) process.exitCode = 1;
