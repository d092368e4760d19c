/**
 * One machine's life as events: scheduled replacements from the maintenance history start,
 * failures (each also a replacement) during the telemetry period, and alarms. A failure's hazard
 * grows with the days since the component was replaced, so maintenance history is informative.
 */
import { COMPONENTS, type Component } from './shape.js';
import {
  ALARM_EARLY_SHARE,
  ALARM_LEAD_HOURS,
  BACKGROUND_ERROR_MIX,
  BACKGROUND_ERRORS_PER_YEAR,
  DRIFT_HOURS,
  EVENT_HOUR,
  FAILURE_ALARM_PROBABILITY,
  FAILURE_ALARMS,
  INITIAL_COMPONENT_AGE_DAYS,
  INSPECTION_INTERVAL_DAYS,
  REPLACEMENTS_PER_INSPECTION,
  SECOND_FAILURE_PROBABILITY,
  type ErrorCode,
} from './calibration.js';
import { DAY_HOURS, type Period } from './clock.js';
import type { Machine } from './fleet.js';
import { wearFactor, type FailureHazards } from './hazard.js';
import { Random, Stream } from './random.js';

export interface MachineEvent {
  /** Hour on the simulation grid (negative before --from). */
  hour: number;
  code: string;
}

export interface MachineEvents {
  failures: MachineEvent[];
  maint: MachineEvent[];
  errors: MachineEvent[];
  /**
   * Failures in the days just after the period: not written (they have not happened yet), but
   * their drift and alarms reach into its last hours, as a real fleet keeps failing after the
   * data ends.
   */
  upcomingFailures: MachineEvent[];
}

/** The first day whose 06:00 failure has its whole 48 h of drift inside the telemetry. */
const FIRST_FAILURE_DAY = Math.ceil((DRIFT_HOURS - EVENT_HOUR) / DAY_HOURS);
/** Days after the period whose failures' drift still reaches into it. */
const LOOKAHEAD_DAYS = FIRST_FAILURE_DAY;
/** Latest alarm lead: an early alarm still falls in the 24-48 h band. */
const MAX_ALARM_LEAD_HOURS = 2 * ALARM_LEAD_HOURS - 1;
const ERROR_CODES = Object.keys(BACKGROUND_ERROR_MIX) as ErrorCode[];
const ERROR_WEIGHTS = ERROR_CODES.map((code) => BACKGROUND_ERROR_MIX[code]);

function failingComponents(hazards: Record<Component, number>, ages: number[], random: Random): Component[] {
  const failing = COMPONENTS.filter((comp, i) => random.chance(hazards[comp] * wearFactor(ages[i] ?? 0)));
  if (failing.length !== 1 || !random.chance(SECOND_FAILURE_PROBABILITY)) return failing;
  // a breakdown takes along a second component that was itself close to failing
  const weights = COMPONENTS.map((comp, i) => (failing.includes(comp) ? 0 : hazards[comp] * wearFactor(ages[i] ?? 0)));
  if (!weights.some((w) => w > 0)) return failing;
  return [...failing, COMPONENTS[random.weighted(weights)] as Component].sort();
}

function scheduledReplacements(failed: readonly Component[], random: Random): Component[] {
  const count = random.weighted(REPLACEMENTS_PER_INSPECTION);
  const candidates = COMPONENTS.filter((comp) => !failed.includes(comp));
  const chosen: Component[] = [];
  while (chosen.length < count && candidates.length > 0) {
    chosen.push(...candidates.splice(random.int(candidates.length), 1));
  }
  return chosen.sort();
}

function isInspectionDay(machine: Machine, period: Period, day: number): boolean {
  return (day - period.historyStartDay) % INSPECTION_INTERVAL_DAYS === machine.inspectionPhase;
}

function simulateReplacements(machine: Machine, period: Period, hazards: FailureHazards, random: Random): Pick<MachineEvents, 'failures' | 'maint'> {
  const machineHazards = hazards.for(machine.model, machine.age);
  const ages = COMPONENTS.map(() => random.int(INITIAL_COMPONENT_AGE_DAYS));
  const failures: MachineEvent[] = [];
  const maint: MachineEvent[] = [];
  for (let day = period.historyStartDay; day < period.days + LOOKAHEAD_DAYS; day++) {
    const hour = day * DAY_HOURS + EVENT_HOUR;
    const failed = day >= FIRST_FAILURE_DAY ? failingComponents(machineHazards, ages, random) : [];
    const scheduled = isInspectionDay(machine, period, day) ? scheduledReplacements(failed, random) : [];
    for (const comp of failed) failures.push({ hour, code: comp });
    for (const comp of [...failed, ...scheduled].sort()) maint.push({ hour, code: comp });
    COMPONENTS.forEach((comp, i) => {
      ages[i] = failed.includes(comp) || scheduled.includes(comp) ? 1 : (ages[i] ?? 0) + 1;
    });
  }
  return { failures, maint };
}

function failureAlarms(failures: readonly MachineEvent[], random: Random): MachineEvent[] {
  const alarms: MachineEvent[] = [];
  for (const failure of failures) {
    for (const code of FAILURE_ALARMS[failure.code as Component]) {
      if (!random.chance(FAILURE_ALARM_PROBABILITY)) continue;
      const lead = random.chance(ALARM_EARLY_SHARE) ? ALARM_LEAD_HOURS + 1 + random.int(MAX_ALARM_LEAD_HOURS - ALARM_LEAD_HOURS) : ALARM_LEAD_HOURS;
      alarms.push({ hour: failure.hour - lead, code });
    }
  }
  return alarms;
}

/** Alarms unrelated to failures: a Poisson process over the telemetry hours. */
function backgroundAlarms(period: Period, random: Random): MachineEvent[] {
  const meanGapHours = (365 * DAY_HOURS) / BACKGROUND_ERRORS_PER_YEAR;
  const alarms: MachineEvent[] = [];
  for (let t = random.exponential(meanGapHours); t < period.hours; t += random.exponential(meanGapHours)) {
    alarms.push({ hour: Math.floor(t), code: ERROR_CODES[random.weighted(ERROR_WEIGHTS)] as ErrorCode });
  }
  return alarms;
}

/** Sorted by hour then code; a second identical alarm in the same hour is the same alarm. */
function distinctSorted(events: MachineEvent[]): MachineEvent[] {
  events.sort((x, y) => x.hour - y.hour || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
  return events.filter((e, i) => i === 0 || e.hour !== events[i - 1]?.hour || e.code !== events[i - 1]?.code);
}

export function simulateMachineEvents(machine: Machine, period: Period, seed: number, hazards: FailureHazards): MachineEvents {
  const random = Random.forStream(seed, machine.id, Stream.events);
  const { failures, maint } = simulateReplacements(machine, period, hazards, random);
  const inPeriod = (e: MachineEvent): boolean => e.hour < period.hours;
  const errors = distinctSorted([...failureAlarms(failures, random), ...backgroundAlarms(period, random)]).filter(inPeriod);
  return { failures: failures.filter(inPeriod), maint: maint.filter(inPeriod), errors, upcomingFailures: failures.filter((e) => !inPeriod(e)) };
}
