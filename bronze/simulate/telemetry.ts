/**
 * Hourly readings of one machine: iid normal noise around the fleet baseline, plus the drift of
 * each failing component's signature sensor in the 48 h up to its failure, plus the offsets of
 * --change. Rows are formatted straight into bytes; only rows that --dirty touches are built as
 * strings. Every reading is drawn, silent or not, so that a change leaves the others as they were.
 */
import { SENSORS, type Component } from './shape.js';
import type { ByteBuffer } from './byte-buffer.js';
import { DRIFT_HOURS, SENSOR_BASELINE } from './calibration.js';
import type { ChangePlan, MachineChanges, SensorStep } from './change-plan.js';
import { HourGrid, type Period } from './clock.js';
import { writeFields, type BlockEditor } from './block-editor.js';
import type { MachineEvent } from './events.js';
import type { Machine } from './fleet.js';
import { Random, Stream } from './random.js';
import { formatReading, READING_DECIMALS, READING_SCALE } from './reading-format.js';

/** Longest row: timestamp, id, four readings and separators, with room to spare. */
const MAX_ROW_BYTES = 160;
const MEANS = SENSORS.map((s) => SENSOR_BASELINE[s].mean);
const SDS = SENSORS.map((s) => SENSOR_BASELINE[s].sd);

export class TelemetryWriter {
  private readonly grid: HourGrid;
  /** Drift and offsets per sensor and hour of the machine being written; reset after each machine. */
  private readonly drift: Float64Array[];
  private readonly values = new Float64Array(SENSORS.length);

  constructor(private readonly period: Period, private readonly seed: number, private readonly changes: ChangePlan) {
    this.grid = new HourGrid(period);
    this.drift = SENSORS.map(() => new Float64Array(period.hours));
  }

  write(out: ByteBuffer, machine: Machine, failures: readonly MachineEvent[], editor: BlockEditor): void {
    const random = Random.forStream(this.seed, machine.id, Stream.telemetry);
    const changes = this.changes.forMachine(machine.id);
    this.applyDrift(failures);
    for (const offset of changes.offsets) this.addStep(offset, offset.fromHour, this.period.hours - 1);
    const id = Buffer.from(String(machine.id), 'latin1');
    let nextEdited = editor.nextEditedRow;
    for (let hour = 0; hour < this.period.hours; hour++) {
      for (let s = 0; s < SENSORS.length; s++) {
        this.values[s] = (MEANS[s] ?? 0) + (SDS[s] ?? 0) * random.normal() + (this.drift[s]?.[hour] ?? 0);
      }
      if (hour === nextEdited) {
        writeFields(out, editor.edit(hour, this.rowFields(machine, hour), hour));
        nextEdited = editor.nextEditedRow;
      } else {
        this.writeRow(out, hour, id, hour < changes.firstSilentHour ? undefined : changes);
      }
      if (hour === editor.nextCopyRow) editor.writeCopiesAfter(out, hour);
    }
    this.clearDrift();
  }

  /** `silent` only from the machine's first silent hour on: the rows before it skip the test per reading. */
  private writeRow(out: ByteBuffer, hour: number, id: Uint8Array, silent: MachineChanges | undefined): void {
    out.reserve(MAX_ROW_BYTES);
    out.bytes(this.grid.bytes, hour * HourGrid.WIDTH, (hour + 1) * HourGrid.WIDTH);
    out.comma();
    out.bytes(id);
    if (silent === undefined) {
      for (let s = 0; s < SENSORS.length; s++) this.writeReading(out, s);
    } else {
      // a silent reading is an empty field: NULL where the fleet declares the sensor optional
      for (let s = 0; s < SENSORS.length; s++) {
        if (hour < (silent.silentFrom[s] ?? Infinity)) this.writeReading(out, s);
        else out.comma();
      }
    }
    out.newline();
  }

  private writeReading(out: ByteBuffer, s: number): void {
    out.comma();
    out.fixed(this.values[s] ?? 0, READING_DECIMALS, READING_SCALE);
  }

  /** The current row as strings, for the few rows --dirty edits. */
  private rowFields(machine: Machine, hour: number): string[] {
    const timestamp = Buffer.from(this.grid.bytes.subarray(hour * HourGrid.WIDTH, (hour + 1) * HourGrid.WIDTH)).toString('latin1');
    return [timestamp, String(machine.id), ...Array.from(this.values, formatReading)];
  }

  /** Each failure's drift goes to its component's signature sensor of the hour (a --change may move it). */
  private applyDrift(failures: readonly MachineEvent[]): void {
    for (const failure of failures) {
      const steps = this.changes.signatureOf(failure.code as Component);
      const first = Math.max(0, failure.hour - DRIFT_HOURS);
      const last = Math.min(this.period.hours - 1, failure.hour);
      steps.forEach((step, i) => {
        const until = (steps[i + 1]?.fromHour ?? Infinity) - 1;
        this.addStep(step, Math.max(first, step.fromHour), Math.min(last, until));
      });
    }
  }

  private addStep(step: SensorStep, first: number, last: number): void {
    const series = this.drift[step.sensor];
    if (!series) return;
    for (let h = first; h <= last; h++) series[h] = (series[h] ?? 0) + step.shift;
  }

  private clearDrift(): void {
    for (const series of this.drift) series.fill(0);
  }
}
