/**
 * The --change specs resolved against a run: which machines each one affects (drawn from the
 * seed), from which hour, by how much, in the form the telemetry writer applies per machine
 * before it draws a reading, and as manifest.json records them.
 */
import { InputError } from '../../sql/errors.js';
import { FAILURE_DRIFT, SENSOR_BASELINE } from './calibration.js';
import type { Change } from './change-spec.js';
import { DAY_HOURS, isoTimestamp, type Period } from './clock.js';
import { Random, Stream } from './random.js';
import { COMPONENTS, SENSORS, type Component } from './shape.js';

/** A step added to a sensor's readings (sensor index into SENSORS) from an hour on. */
export interface SensorStep {
  sensor: number;
  fromHour: number;
  shift: number;
}

/** What the changes do to one machine's telemetry. */
export interface MachineChanges {
  offsets: readonly SensorStep[];
  /** Per sensor index: its first silent hour, Infinity when it never goes silent. */
  silentFrom: readonly number[];
  /** The earliest of silentFrom: rows before it are written without looking at silence. */
  firstSilentHour: number;
}

/** A change as given, resolved: its first affected hour, its shift in sensor units, the machines it affects. */
export type ChangeRecord = Change & { from: string; shift?: number; machines: number[] };

const UNCHANGED: MachineChanges = { offsets: [], silentFrom: SENSORS.map(() => Infinity), firstSilentHour: Infinity };

/** The usual signature of every component: its drift from the first hour on. */
function usualSignatures(): Record<Component, SensorStep[]> {
  const usual = (c: Component): SensorStep[] => [{ sensor: SENSORS.indexOf(FAILURE_DRIFT[c].sensor), fromHour: -Infinity, shift: FAILURE_DRIFT[c].shift }];
  return Object.fromEntries(COMPONENTS.map((c) => [c, usual(c)])) as Record<Component, SensorStep[]>;
}

/** round(share x machines) of the machine ids, at least one, ascending; change `index` has its own stream. */
function chooseMachines(machines: number, share: number, seed: number, index: number): number[] {
  const ids = Array.from({ length: machines }, (_, i) => i + 1);
  if (share >= 1) return ids;
  Random.forStream(seed, index, Stream.changes).shuffle(ids);
  return ids.slice(0, Math.max(1, Math.round(share * machines))).sort((a, b) => a - b);
}

function checkChange(change: Change, period: Period, dirty: number): void {
  if (change.day >= period.days) throw new InputError(`--change: "${change.spec}": day ${change.day} is not within the ${period.days} simulated days (0..${period.days - 1})`);
  // the manifest counts a silent row as clean, which holds only where the sensor is optional, and --dirty's bad rows assume required sensors
  if (change.kind === 'silent' && dirty > 0) throw new InputError(`--change: "${change.spec}": a silent sensor cannot be combined with --dirty`);
}

/** The step a failing component's drift takes on `sensor`: its usual size, in that sensor's standard deviations. */
function movedShift(component: Component, sensor: (typeof SENSORS)[number]): number {
  const usual = FAILURE_DRIFT[component];
  return (usual.shift / SENSOR_BASELINE[usual.sensor].sd) * SENSOR_BASELINE[sensor].sd;
}

export class ChangePlan {
  private readonly byMachine = new Map<number, { offsets: SensorStep[]; silentFrom: number[]; firstSilentHour: number }>();
  private readonly signatures = usualSignatures();
  readonly records: ChangeRecord[] = [];

  private constructor() {}

  static resolve(changes: readonly Change[], machines: number, period: Period, seed: number, dirty: number): ChangePlan {
    const plan = new ChangePlan();
    changes.forEach((change, index) => {
      checkChange(change, period, dirty);
      plan.add(change, index + 1, machines, period, seed);
    });
    return plan;
  }

  private add(change: Change, index: number, machines: number, period: Period, seed: number): void {
    const fromHour = change.day * DAY_HOURS;
    const from = isoTimestamp(period, fromHour);
    const sensor = SENSORS.indexOf(change.sensor);
    if (change.kind === 'signature') {
      const shift = movedShift(change.component, change.sensor);
      this.signatures[change.component].push({ sensor, fromHour, shift });
      // stable: of two changes from the same hour the later one given wins
      this.signatures[change.component].sort((x, y) => x.fromHour - y.fromHour);
      this.records.push({ ...change, from, shift, machines: chooseMachines(machines, 1, seed, index) });
      return;
    }
    const chosen = chooseMachines(machines, change.share, seed, index);
    const shift = change.kind === 'offset' ? change.sd * SENSOR_BASELINE[change.sensor].sd : undefined;
    for (const id of chosen) {
      const effects = this.effectsOf(id);
      if (shift !== undefined) effects.offsets.push({ sensor, fromHour, shift });
      else {
        effects.silentFrom[sensor] = Math.min(effects.silentFrom[sensor] ?? Infinity, fromHour);
        effects.firstSilentHour = Math.min(effects.firstSilentHour, fromHour);
      }
    }
    this.records.push({ ...change, from, ...(shift === undefined ? {} : { shift }), machines: chosen });
  }

  private effectsOf(id: number): { offsets: SensorStep[]; silentFrom: number[]; firstSilentHour: number } {
    let effects = this.byMachine.get(id);
    if (!effects) {
      effects = { offsets: [], silentFrom: [...UNCHANGED.silentFrom], firstSilentHour: Infinity };
      this.byMachine.set(id, effects);
    }
    return effects;
  }

  forMachine(id: number): MachineChanges {
    return this.byMachine.get(id) ?? UNCHANGED;
  }

  /** Where a failing component's drift goes: steps ascending by fromHour, each until the next one starts. */
  signatureOf(component: Component): readonly SensorStep[] {
    return this.signatures[component];
  }
}
