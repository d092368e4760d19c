/**
 * Turns a target failure rate into a daily hazard. A component's hazard grows with the days since
 * it was last replaced (wear-in ramp), and replacements at inspections every 15 days keep
 * resetting that clock, so the hazard that yields a given yearly rate depends on the replacement
 * cadence. Renewal theory gives the rate for a hazard, P(a life ends in failure) / E[life length],
 * averaged over where on the inspection cycle lives start; interpolation inverts it.
 */
import { COMPONENTS, type Component } from './shape.js';
import {
  FAILURES_PER_YEAR,
  INSPECTION_INTERVAL_DAYS,
  REPLACEMENTS_PER_INSPECTION,
  SECOND_FAILURE_PROBABILITY,
  WEAR_IN,
  machineAgeFactor,
  type Model,
} from './calibration.js';

const COMPONENTS_PER_MACHINE = 4;
/** Lives beyond this are too unlikely to matter (survival falls below 1e-10 long before). */
const MAX_LIFE_DAYS = 4000;
const CURVE = { minHazard: 1e-4, maxHazard: 0.5, points: 80 } as const;
const STATIONARY_ITERATIONS = 50;

/** Fraction of full hazard reached by a component this many days after its replacement. */
export function wearFactor(daysSinceReplacement: number): number {
  const ramp = (daysSinceReplacement - WEAR_IN.startDays) / WEAR_IN.rampDays;
  return ramp <= 0 ? 0 : ramp >= 1 ? 1 : ramp;
}

/** Chance that an inspection replaces a given component. */
function inspectionReplacementChance(): number {
  const perInspection = REPLACEMENTS_PER_INSPECTION.reduce((sum, p, k) => sum + p * k, 0);
  return perInspection / COMPONENTS_PER_MACHINE;
}

interface Life {
  failure: number;
  expectedDays: number;
  /** Probability that the next life starts with its first inspection 1..interval days away (index 0 = 1 day). */
  next: Float64Array;
}

/**
 * One component life that starts `phase` (1..interval) days before an inspection. A failure
 * starts the next life off the inspection grid; a scheduled replacement starts it on the grid.
 */
function lifeFrom(phase: number, hazard: number, replacement: number): Life {
  const interval = INSPECTION_INTERVAL_DAYS;
  const next = new Float64Array(interval);
  let survival = 1;
  let failure = 0;
  let expectedDays = 0;
  for (let age = 1; age <= MAX_LIFE_DAYS && survival > 1e-10; age++) {
    expectedDays += survival;
    const fails = survival * hazard * wearFactor(age);
    failure += fails;
    // the inspection on the failure day, if any, cannot replace the part just replaced
    const daysToInspection = (((phase - age) % interval) + interval) % interval || interval;
    next[daysToInspection - 1] = (next[daysToInspection - 1] ?? 0) + fails;
    survival -= fails;
    if (age >= phase && (age - phase) % interval === 0) {
      next[interval - 1] = (next[interval - 1] ?? 0) + survival * replacement;
      survival *= 1 - replacement;
    }
  }
  return { failure, expectedDays, next };
}

/** Long-run share of lives starting at each phase: power iteration on the chain of start phases. */
function stationaryPhaseShares(lives: readonly Life[]): Float64Array {
  let share = new Float64Array(lives.length).fill(1 / lives.length);
  for (let i = 0; i < STATIONARY_ITERATIONS; i++) {
    const step = new Float64Array(lives.length);
    lives.forEach((life, from) => {
      const total = life.next.reduce((sum, p) => sum + p, 0);
      life.next.forEach((p, to) => (step[to] = (step[to] ?? 0) + ((share[from] ?? 0) * p) / total));
    });
    share = step;
  }
  return share;
}

/** Failures per component-year at a given full-wear daily hazard. */
function failuresPerYear(hazard: number): number {
  const replacement = inspectionReplacementChance();
  const lives = Array.from({ length: INSPECTION_INTERVAL_DAYS }, (_, i) => lifeFrom(i + 1, hazard, replacement));
  const share = stationaryPhaseShares(lives);
  let failures = 0;
  let days = 0;
  lives.forEach((life, i) => {
    failures += (share[i] ?? 0) * life.failure;
    days += (share[i] ?? 0) * life.expectedDays;
  });
  return (365 * failures) / days;
}

/** failuresPerYear on a log-spaced grid of hazards, computed once and inverted by interpolation. */
class HazardCurve {
  private readonly logHazards: number[] = [];
  private readonly logRates: number[] = [];

  constructor() {
    const { minHazard, maxHazard, points } = CURVE;
    for (let i = 0; i < points; i++) {
      const logHazard = Math.log(minHazard) + ((Math.log(maxHazard) - Math.log(minHazard)) * i) / (points - 1);
      this.logHazards.push(logHazard);
      this.logRates.push(Math.log(failuresPerYear(Math.exp(logHazard))));
    }
  }

  /** The daily hazard at full wear that gives `perYear` failures per component-year. */
  hazardFor(perYear: number): number {
    if (perYear <= 0) return 0;
    const target = Math.log(perYear);
    const rates = this.logRates;
    const last = rates.length - 1;
    if (target < (rates[0] ?? 0) || target > (rates[last] ?? 0)) throw new Error(`a failure rate of ${perYear} per year is out of range`);
    let i = 0;
    while ((rates[i + 1] ?? Infinity) < target) i++;
    const low = rates[i] ?? 0;
    const high = rates[i + 1] ?? low;
    const t = high === low ? 0 : (target - low) / (high - low);
    return Math.exp((this.logHazards[i] ?? 0) + t * ((this.logHazards[i + 1] ?? 0) - (this.logHazards[i] ?? 0)));
  }
}

let curve: HazardCurve | undefined;

/**
 * Daily full-wear hazards of one machine's four components, from its model's failure rates and
 * its age; the share that second failures add is left out of the hazard.
 */
export class FailureHazards {
  private readonly cache = new Map<string, Record<Component, number>>();

  for(model: Model, age: number): Record<Component, number> {
    const key = `${model}/${age}`;
    let hazards = this.cache.get(key);
    if (!hazards) {
      curve ??= new HazardCurve();
      const solved = curve;
      const rates = FAILURES_PER_YEAR[model];
      const scale = machineAgeFactor(age) / (1 + SECOND_FAILURE_PROBABILITY);
      hazards = Object.fromEntries(COMPONENTS.map((c) => [c, solved.hazardFor(rates[c] * scale)])) as Record<Component, number>;
      this.cache.set(key, hazards);
    }
    return hazards;
  }
}
