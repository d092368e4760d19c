/**
 * Hourly readings of one machine: iid normal noise around the fleet baseline, plus the drift of
 * each failing component's signature sensor in the 48 h up to its failure. Rows are formatted
 * straight into bytes; only rows that --dirty touches are built as strings.
 */
import { SENSORS, type Component } from './shape.js';
import type { ByteBuffer } from './byte-buffer.js';
import { DRIFT_HOURS, FAILURE_DRIFT, SENSOR_BASELINE } from './calibration.js';
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
  /** Drift per sensor and hour of the machine being written; reset after each machine. */
  private readonly drift: Float64Array[];
  private readonly values = new Float64Array(SENSORS.length);

  constructor(private readonly period: Period, private readonly seed: number) {
    this.grid = new HourGrid(period);
    this.drift = SENSORS.map(() => new Float64Array(period.hours));
  }

  write(out: ByteBuffer, machine: Machine, failures: readonly MachineEvent[], editor: BlockEditor): void {
    const random = Random.forStream(this.seed, machine.id, Stream.telemetry);
    this.applyDrift(failures);
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
        this.writeRow(out, hour, id);
      }
      if (hour === editor.nextCopyRow) editor.writeCopiesAfter(out, hour);
    }
    this.clearDrift();
  }

  private writeRow(out: ByteBuffer, hour: number, id: Uint8Array): void {
    out.reserve(MAX_ROW_BYTES);
    out.bytes(this.grid.bytes, hour * HourGrid.WIDTH, (hour + 1) * HourGrid.WIDTH);
    out.comma();
    out.bytes(id);
    for (let s = 0; s < SENSORS.length; s++) {
      out.comma();
      out.fixed(this.values[s] ?? 0, READING_DECIMALS, READING_SCALE);
    }
    out.newline();
  }

  /** The current row as strings, for the few rows --dirty edits. */
  private rowFields(machine: Machine, hour: number): string[] {
    const timestamp = Buffer.from(this.grid.bytes.subarray(hour * HourGrid.WIDTH, (hour + 1) * HourGrid.WIDTH)).toString('latin1');
    return [timestamp, String(machine.id), ...Array.from(this.values, formatReading)];
  }

  private applyDrift(failures: readonly MachineEvent[]): void {
    for (const failure of failures) {
      const { sensor, shift } = FAILURE_DRIFT[failure.code as Component];
      const series = this.drift[SENSORS.indexOf(sensor)];
      if (!series) continue;
      const first = Math.max(0, failure.hour - DRIFT_HOURS);
      const last = Math.min(this.period.hours - 1, failure.hour);
      for (let h = first; h <= last; h++) series[h] = (series[h] ?? 0) + shift;
    }
  }

  private clearDrift(): void {
    for (const series of this.drift) series.fill(0);
  }
}
