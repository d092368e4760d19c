/** The machines table: which model each machine is, how old it is, when it is inspected. */
import { INSPECTION_INTERVAL_DAYS, MAX_MACHINE_AGE, MODEL_SHARES, type Model } from './calibration.js';
import { Random, Stream } from './random.js';

export interface Machine {
  id: number;
  model: Model;
  age: number;
  /** Day offset (0..interval-1) of this machine's inspections from the maintenance history start. */
  inspectionPhase: number;
}

/** Model counts in the public proportions, by largest remainder so 100 machines give 16/17/35/32. */
function apportionModels(machines: number): Model[] {
  const models = Object.keys(MODEL_SHARES) as Model[];
  const total = models.reduce((sum, model) => sum + MODEL_SHARES[model], 0);
  const quotas = models.map((model, order) => {
    const quota = (machines * MODEL_SHARES[model]) / total;
    return { model, order, count: Math.floor(quota), remainder: quota - Math.floor(quota) };
  });
  const left = machines - quotas.reduce((sum, q) => sum + q.count, 0);
  [...quotas].sort((x, y) => y.remainder - x.remainder || x.order - y.order).slice(0, left).forEach((q) => q.count++);
  return quotas.flatMap((q) => Array<Model>(q.count).fill(q.model));
}

export function buildFleet(machines: number, seed: number): Machine[] {
  const random = Random.forStream(seed, 0, Stream.fleet);
  const models = apportionModels(machines);
  random.shuffle(models);
  return models.map((model, i) => ({
    id: i + 1,
    model,
    age: random.int(MAX_MACHINE_AGE + 1),
    inspectionPhase: random.int(INSPECTION_INTERVAL_DAYS),
  }));
}
