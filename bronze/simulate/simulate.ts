/**
 * `lakescore simulate`: writes the five source tables of docs/tables.md#sources for a simulated fleet,
 * shaped like the public Azure predictive-maintenance data, optionally with dirt mixed in and
 * changes planted from a day on, plus manifest.json. Output depends only on the options: same
 * options, same bytes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { SOURCE_TABLES, type SourceTable } from './shape.js';
import { InputError } from '../../sql/errors.js';
import { BlockEditor } from './block-editor.js';
import { ChangePlan } from './change-plan.js';
import type { Change } from './change-spec.js';
import { DAY_HOURS, hourMs, plainTimestamp, periodOf, type Period } from './clock.js';
import { Dirtier } from './dirt-apply.js';
import { PLAUSIBLE_TIMESTAMPS } from './dirt-kinds.js';
import { DirtPlan, type RowCounts } from './dirt-plan.js';
import { DirtTally } from './dirt-tally.js';
import { simulateMachineEvents, type MachineEvent, type MachineEvents } from './events.js';
import { buildFleet, type Machine } from './fleet.js';
import { FailureHazards } from './hazard.js';
import { buildManifest, type ManifestParameters } from './manifest.js';
import { Random, Stream } from './random.js';
import { openSink, tableFileName, type OutputFormat } from './sinks.js';
import { TableOutput } from './table-output.js';
import { TelemetryWriter } from './telemetry.js';

export interface SimulationOptions extends ManifestParameters {
  out: string;
  /** Applied in the order given; none leaves the output as it was before changes existed. */
  changes?: readonly Change[];
}

export interface SimulationSummary {
  out: string;
  format: OutputFormat;
  rows: Record<SourceTable, number>;
  manifest: string;
  seconds: number;
}

const MANIFEST_FILE = 'manifest.json';
type EventTable = 'errors' | 'maint' | 'failures';
const EVENT_TABLES: readonly EventTable[] = ['errors', 'maint', 'failures'];

/** Valid rows must be plausible, or they could not be told from timestamp_out_of_range rows. */
function checkPeriod(period: Period): void {
  const first = hourMs(period, period.historyStartDay * DAY_HOURS);
  const last = hourMs(period, period.hours - 1);
  const { from, until } = PLAUSIBLE_TIMESTAMPS;
  if (first < Date.parse(`${from.replace(' ', 'T')}Z`) || last >= Date.parse(`${until.replace(' ', 'T')}Z`)) {
    throw new InputError(
      `the simulated period (maintenance history from ${new Date(first).toISOString()}, telemetry to ${new Date(last).toISOString()}) must lie within ${from} .. ${until}`,
    );
  }
}

function eventRows(events: readonly MachineEvent[], period: Period, machine: Machine): { fields: string[]; hour: number }[] {
  const id = String(machine.id);
  return events.map((e) => ({ fields: [plainTimestamp(period, e.hour), id, e.code], hour: e.hour }));
}

/** Rows per machine and table before dirt, for the dirt plan; replays each machine's events. */
function countRows(fleet: readonly Machine[], period: Period, seed: number, hazards: FailureHazards): RowCounts {
  const counts = { telemetry: [] as number[], errors: [] as number[], maint: [] as number[], failures: [] as number[], machines: [] as number[] };
  for (const machine of fleet) {
    const events = simulateMachineEvents(machine, period, seed, hazards);
    counts.telemetry.push(period.hours);
    for (const table of EVENT_TABLES) counts[table].push(events[table].length);
    counts.machines.push(1);
  }
  return counts;
}

class FleetWriter {
  readonly baseRows: Record<SourceTable, number> = { telemetry: 0, errors: 0, maint: 0, failures: 0, machines: 0 };
  private readonly telemetry: TelemetryWriter;

  constructor(
    private readonly outputs: Record<SourceTable, TableOutput>,
    private readonly period: Period,
    private readonly seed: number,
    private readonly plan: DirtPlan,
    private readonly dirtier: Dirtier,
    changes: ChangePlan,
  ) {
    this.telemetry = new TelemetryWriter(period, seed, changes);
  }

  async writeMachine(machine: Machine, events: MachineEvents): Promise<void> {
    const index = machine.id - 1;
    const dirtRandom = Random.forStream(this.seed, machine.id, Stream.dirt);
    const editor = (table: SourceTable): BlockEditor => new BlockEditor(table, this.plan.editsFor(table, index), this.dirtier, dirtRandom);
    this.telemetry.write(this.outputs.telemetry.buffer, machine, [...events.failures, ...events.upcomingFailures], editor('telemetry'));
    this.baseRows.telemetry += this.period.hours;
    for (const table of EVENT_TABLES) {
      editor(table).writeRows(this.outputs[table].buffer, eventRows(events[table], this.period, machine));
      this.baseRows[table] += events[table].length;
    }
    editor('machines').writeRows(this.outputs.machines.buffer, [{ fields: [String(machine.id), machine.model, String(machine.age)], hour: null }]);
    this.baseRows.machines += 1;
    for (const table of SOURCE_TABLES) await this.outputs[table].flushIfFull();
    // lets finished writes and compression passes be picked up between machines
    await yieldToEventLoop();
  }
}

function openOutputs(out: string, format: OutputFormat, typed: boolean): Record<SourceTable, TableOutput> {
  return Object.fromEntries(SOURCE_TABLES.map((table) => [table, new TableOutput(table, openSink(out, table, format, typed))])) as Record<SourceTable, TableOutput>;
}

export async function simulate(options: SimulationOptions): Promise<SimulationSummary> {
  const started = performance.now();
  const period = periodOf(options.from, options.days);
  checkPeriod(period);
  const { out, changes = [], ...parameters } = options;
  const changePlan = ChangePlan.resolve(changes, options.machines, period, options.seed, options.dirty);
  await mkdir(out, { recursive: true });
  const fleet = buildFleet(options.machines, options.seed);
  const hazards = new FailureHazards();
  const plan = options.dirty > 0 ? DirtPlan.draw(countRows(fleet, period, options.seed, hazards), options.dirty, options.seed) : DirtPlan.none();
  const tally = new DirtTally();
  const outputs = openOutputs(options.out, options.format, options.dirty === 0);
  const writer = new FleetWriter(outputs, period, options.seed, plan, new Dirtier(period, tally), changePlan);
  try {
    for (const machine of fleet) await writer.writeMachine(machine, simulateMachineEvents(machine, period, options.seed, hazards));
    for (const table of SOURCE_TABLES) await outputs[table].finish();
  } catch (err) {
    await Promise.all(SOURCE_TABLES.map((table) => outputs[table].sink.discard()));
    throw err;
  }
  const files = Object.fromEntries(SOURCE_TABLES.map((t) => [t, tableFileName(t, options.format)])) as Record<SourceTable, string>;
  const manifest = buildManifest(parameters, period, files, writer.baseRows, tally, changePlan.records);
  const manifestPath = join(out, MANIFEST_FILE);
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return {
    out,
    format: options.format,
    rows: Object.fromEntries(SOURCE_TABLES.map((t) => [t, manifest.tables[t].rows_written])) as Record<SourceTable, number>,
    manifest: manifestPath,
    seconds: (performance.now() - started) / 1000,
  };
}
