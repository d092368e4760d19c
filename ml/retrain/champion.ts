import type { Fleet } from '../../fleet/fleet.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { InputError } from '../../sql/errors.js';
import type { AlertRule } from '../decision/rule.js';
import { whyModelCannotScore } from '../model-fits.js';
import type { LoadedModel } from '../model-file.js';
import { loadModel, registeredModel, type ModelRef } from '../registry.js';

/**
 * The model an alias names now, as retrain judges it: absent, unable to score the current gold
 * (so it cannot be judged, and serves no one), or ready with the rule scoring applies to it.
 */
export type Champion =
  | { kind: 'none' }
  | { kind: 'unusable'; id: string; why: string }
  | { kind: 'ready'; id: string; model: LoadedModel; rule: AlertRule };

export async function championOf(session: LakeSession, fleet: Fleet, ref: Required<Pick<ModelRef, 'name' | 'alias'>>): Promise<Champion> {
  const found = await registeredModel(session, ref);
  if (!found) return { kind: 'none' };
  const id = `${found.name}@${found.version}`;
  let model: Awaited<ReturnType<typeof loadModel>>;
  try {
    model = await loadModel(session, { name: found.name, version: found.version });
  } catch (err) {
    // a model this lakescore cannot read serves no one; anything else is the lake's trouble, not the model's
    if (err instanceof InputError) return { kind: 'unusable', id, why: err.message };
    throw err;
  }
  const why = whyModelCannotScore(session, fleet, model);
  if (why !== undefined) return { kind: 'unusable', id, why };
  const rule = model.alertRule ?? model.meta.decision?.rule;
  return rule ? { kind: 'ready', id, model, rule } : { kind: 'unusable', id, why: 'it was trained before models had an alert rule' };
}
