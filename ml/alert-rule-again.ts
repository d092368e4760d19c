import type { AlertPolicy } from '../fleet/alerts.js';
import { InputError } from '../sql/errors.js';
import type { LakeSession } from '../sql/duckdb.js';
import type { AlertRule } from './decision/rule.js';
import { chooseRule } from './decision/rule-choice.js';
import { readModelFiles } from './model-file.js';
import { setAlertRule, validationOf, type ModelRef, type RegisteredModel } from './registry.js';

/**
 * A model's rule chosen again under another policy, on the validation rows and risks it was
 * first chosen on, and stored in the registry: the model itself never changes.
 */
export async function chooseAlertRuleAgain(session: LakeSession, ref: ModelRef, policy: AlertPolicy): Promise<{ model: RegisteredModel; rule: AlertRule }> {
  const { model, rows } = await validationOf(session, ref);
  const { meta } = readModelFiles(session.path(model.artifact));
  const validation = meta.training.validation;
  if (!rows || !validation) throw new InputError(`model ${model.name}@${model.version} was trained before lakescore kept its validation rows: train it again`);
  const { step, horizon } = meta.featureParams;
  const grid = { stepMs: step.seconds * 1000, horizonMs: horizon.seconds * 1000 };
  const rule = chooseRule(rows, policy, grid, { from: new Date(validation.from), to: new Date(validation.to) }, validation.outOfBag ? 'out-of-bag' : 'held-out');
  await setAlertRule(session, model, rule);
  return { model, rule };
}
